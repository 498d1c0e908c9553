import { DomainError } from '@threadline/contracts';

export class CustomerNotFoundError extends DomainError {
  constructor(readonly customerId: string) {
    super('not-found', 'CUSTOMER_NOT_FOUND', `no customer ${customerId}`);
  }
}

/** Erasure and export are an admin's (RODO requests reach the office, not the desk). */
export class PersonalDataForbiddenError extends DomainError {
  constructor(message: string) {
    super('forbidden', 'FORBIDDEN', message);
  }
}

export class ExportNotFoundError extends DomainError {
  constructor(exportId: string) {
    super('not-found', 'EXPORT_NOT_FOUND', `no export ${exportId} ready for this customer`);
  }
}

export class ExportExpiredError extends DomainError {
  constructor(exportId: string) {
    super('gone', 'EXPORT_EXPIRED', `export ${exportId} has expired; ask for a new one`);
  }
}
