/** Spam intake write cost: filled in once the intake consumer lands (issue 5). */
export async function benchIntake(): Promise<void> {}
