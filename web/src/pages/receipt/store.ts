// The receipt lives in memory only: the access code is shown once and never stored on the device.
export interface ReceiptData {
  trackingId: string;
  accessToken: string;
  verificationDeadline: string;
}

let current: ReceiptData | undefined;
export const setReceipt = (receipt: ReceiptData) => void (current = receipt);
export const takeReceipt = () => current;

/** The private link: the code rides in the fragment, which browsers never send to a server. */
export const privateLink = (origin: string, r: Pick<ReceiptData, 'trackingId' | 'accessToken'>) =>
  `${origin}/lacak/${encodeURIComponent(r.trackingId)}#kode=${encodeURIComponent(r.accessToken)}`;
