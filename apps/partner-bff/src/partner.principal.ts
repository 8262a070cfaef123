/** The partner a principal acts for: its OAuth client id. */
export function partnerIdOf(principal: { clientId?: string; subject: string }): string {
  return principal.clientId ?? principal.subject;
}
