/** One palette for every %TL chart: dark enough for 3:1 against white, told apart by shape too. */
export const CHART_COLORS = { agency: '#0b4f8a', region: '#4a4f55', grade: '#b3261e' } as const;
