import { FlowwiseError, isFlowwiseError } from '@flowwise/react';
import { describe, expect, it } from 'vitest';

describe('FlowwiseError', () => {
  it('is an Error with a kind, a message and only the details that apply', () => {
    const cause = new TypeError('Failed to fetch');
    const error = new FlowwiseError('http', 'Out of stock.', { status: 409, code: 'out_of_stock', type: undefined, cause });

    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'FlowwiseError', kind: 'http', message: 'Out of stock.', status: 409, code: 'out_of_stock' });
    expect(error.cause).toBe(cause);
    expect('type' in error).toBe(false);
    expect('requestId' in error).toBe(false);
  });
});

describe('isFlowwiseError', () => {
  it('recognises a FlowwiseError, and one made by another copy of the package (an ESM and a CJS build side by side)', () => {
    class FlowwiseErrorFromAnotherCopy extends Error {
      override name = 'FlowwiseError';
      kind = 'network';
    }
    expect(isFlowwiseError(new FlowwiseError('timeout', 'Too slow.'))).toBe(true);
    expect(isFlowwiseError(new FlowwiseErrorFromAnotherCopy('Offline.'))).toBe(true);
  });

  it.each([
    ['an Error', new Error('boom')],
    ['a plain object that looks like one', { name: 'FlowwiseError', kind: 'http', message: 'x' }],
    ['a string', 'FlowwiseError'],
    ['null', null],
    ['undefined', undefined],
  ])('is false for %s', (_, value) => {
    expect(isFlowwiseError(value)).toBe(false);
  });
});
