import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorText } from '../../src/core/errorText';

test('errorText: the message of anything thrown, never "undefined" for an object with one', () => {
  assert.equal(errorText(new Error(' no such container \n')), 'no such container');
  assert.equal(errorText(new TypeError('')), 'TypeError');
  assert.equal(
    errorText({ statusCode: 404, message: '(HTTP code 404) no such container' }),
    '(HTTP code 404) no such container',
  );
  assert.equal(errorText('plain text'), 'plain text');
  assert.equal(errorText({ message: '' }), '[object Object]');
  assert.equal(errorText(undefined), 'undefined');
  assert.equal(errorText(42), '42');
});
