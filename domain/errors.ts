// Illegal moves and bad domain input raise a DomainError with a stable code (`AREA.REASON`), which
// the server maps to an API error code and the mini-program to a friendly Chinese message.
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
