/** Sanction fan-out latency: filled in once the intake consumer lands (issue 5). */
export async function benchFanOut(): Promise<void> {}
