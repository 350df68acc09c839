import { ActionError, errorMessage } from '#shared/errors.js';

describe('errorMessage reads any thrown value', () => {
  test.each([
    [new Error('boom'), 'boom'],
    [new ActionError('bad plan'), 'bad plan'],
    ['a string', 'a string'],
    [{ message: 'object with message' }, 'object with message'],
    [{ code: 42 }, '{"code":42}'],
    [undefined, 'undefined'],
    [null, 'null'],
    [42, '42'],
  ])('%p → %j', (value, message) => expect(errorMessage(value)).toBe(message));

  test('a circular object still gives a message', () => {
    const o: Record<string, unknown> = {};
    o.self = o;
    expect(errorMessage(o)).toBe('[object Object]');
  });
});
