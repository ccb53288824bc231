/** Cognito's default password policy, which Parley identity follows; the sign-up page shows each rule live. */
export const PASSWORD_RULES = [
  { id: 'length', label: 'At least 8 characters', test: (p: string) => p.length >= 8 },
  { id: 'lower', label: 'A lowercase letter', test: (p: string) => /[a-z]/.test(p) },
  { id: 'upper', label: 'An uppercase letter', test: (p: string) => /[A-Z]/.test(p) },
  { id: 'digit', label: 'A number', test: (p: string) => /[0-9]/.test(p) },
  { id: 'symbol', label: 'A symbol such as ! or #', test: (p: string) => /[^A-Za-z0-9\s]/.test(p) },
] as const

export function passwordChecks(password: string) {
  return PASSWORD_RULES.map((r) => ({ id: r.id, label: r.label, ok: r.test(password) }))
}

export function meetsPolicy(password: string): boolean {
  return PASSWORD_RULES.every((r) => r.test(password))
}
