import { ApiError } from '../api/api-error';
import { fieldErrorsOf } from './field-errors';

const refusal = (errors: { field: string; reason: string }[]) =>
  new ApiError(400, 'INVALID_INPUT', { code: 'INVALID_INPUT', errors }, new Headers());

describe('the API’s reasons beside the form’s fields', () => {
  it('puts each reason by its field, a nested one by the field holding it', () => {
    const error = refusal([
      { field: 'name', reason: 'Too small' },
      { field: 'conditions.pattern', reason: 'could backtrack catastrophically' },
      { field: 'targets', reason: 'set at least one target' },
    ]);
    expect(fieldErrorsOf(error, ['name', 'conditions', 'targets'])).toEqual({
      name: 'Too small',
      conditions: 'pattern: could backtrack catastrophically',
      targets: 'set at least one target',
    });
  });

  it('gives a reason for a field the form does not have to the form as a whole, and joins two of one field', () => {
    const error = refusal([
      { field: 'version', reason: 'stale' },
      { field: 'name', reason: 'a' },
      { field: 'name', reason: 'b' },
    ]);
    expect(fieldErrorsOf(error, ['name'])).toEqual({ '': 'version: stale', name: 'a; b' });
  });

  it('finds nothing in a refusal that is not a 400', () => {
    expect(fieldErrorsOf(new ApiError(409, 'AGENT_EXISTS', {}, new Headers()), ['email'])).toEqual({});
  });
});
