/**
 * Where a confirmation or reset code goes, so the pages can say it honestly: Parley's embedded identity sends no
 * email (it writes the code to a file in its outbox), Cognito emails it, and some pools are confirmed by an operator.
 */
export type CodeDelivery = { kind: 'email' } | { kind: 'outbox'; dir: string } | { kind: 'operator' }

/** `WEB_CODE_DELIVERY=auto` means outbox when identity runs on this machine (loopback), email otherwise. */
export function codeDeliveryFor(
  setting: 'auto' | 'email' | 'outbox' | 'operator',
  identityEndpoint: string,
  outboxDir: string,
): CodeDelivery {
  const local = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/.test(new URL(identityEndpoint).hostname)
  const kind = setting === 'auto' ? (local ? 'outbox' : 'email') : setting
  return kind === 'outbox' ? { kind, dir: outboxDir } : { kind }
}

/** One sentence for the confirm and reset pages. */
export function codeWhere(
  d: CodeDelivery,
  email: string | undefined,
  purpose: 'confirm' | 'reset' = 'confirm',
): string {
  const file = `${d.kind === 'outbox' ? d.dir : ''}/${email ? email.toLowerCase() : '<your email>'}.json`
  switch (d.kind) {
    case 'email':
      return 'We sent a code to your email address. Enter it below; it can take a minute to arrive.'
    case 'outbox':
      return (
        `This Parley runs without an email server, so no email is sent: the code is in the file ${file} on the ` +
        'computer running Parley (and in its log).' +
        (purpose === 'confirm'
          ? ` Whoever runs it can also confirm your account with: parley admin confirm-user ${email ?? '<your email>'}`
          : '')
      )
    case 'operator':
      return purpose === 'confirm'
        ? 'No email is sent: an operator confirms new accounts. Ask them, then sign in; if they give you a code, enter it below.'
        : 'No email is sent: ask the operator who runs Parley for your reset code.'
  }
}
