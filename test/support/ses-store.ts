// Reads what the SES stand-in (aws-ses-v2-local) captured: GET /store lists every email sent.

export interface CapturedEmail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { html?: string; text?: string };
  at: number;
}

export async function capturedEmails(sesEndpoint = process.env.SES_ENDPOINT): Promise<CapturedEmail[]> {
  if (!sesEndpoint) throw new Error('SES_ENDPOINT is not set: is the jest global setup running?');
  const response = await fetch(`${sesEndpoint}/store`);
  if (!response.ok) throw new Error(`SES stand-in answered ${response.status}`);
  const store = (await response.json()) as { emails: CapturedEmail[] };
  return store.emails;
}

/** Emails addressed to any of the given recipients. */
export async function emailsTo(...recipients: string[]): Promise<CapturedEmail[]> {
  return (await capturedEmails()).filter((email) => email.destination.to.some((to) => recipients.includes(to)));
}
