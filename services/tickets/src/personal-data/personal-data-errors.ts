import { ForbiddenException, GoneException, NotFoundException } from '@nestjs/common';

export class CustomerNotFoundError extends Error {
  constructor(readonly customerId: string) {
    super(`no customer ${customerId}`);
  }
}

/** Erasure and export are an admin's (RODO requests reach the office, not the desk). */
export class PersonalDataForbiddenError extends Error {}
export class ExportNotFoundError extends Error {}
export class ExportExpiredError extends Error {}

/** The personal-data refusals as HTTP answers with a code; anything else stays a 500. */
export async function answering<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof CustomerNotFoundError)
      throw new NotFoundException({ code: 'CUSTOMER_NOT_FOUND', message: `no customer ${error.customerId}` });
    if (error instanceof PersonalDataForbiddenError) throw new ForbiddenException({ code: 'FORBIDDEN', message: error.message });
    if (error instanceof ExportNotFoundError)
      throw new NotFoundException({ code: 'EXPORT_NOT_FOUND', message: `no export ${error.message} ready for this customer` });
    if (error instanceof ExportExpiredError)
      throw new GoneException({ code: 'EXPORT_EXPIRED', message: `export ${error.message} has expired; ask for a new one` });
    throw error;
  }
}
