// Password validators: Django's four, their messages, and validatePassword collecting them.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { ValidationError } from 'tango/db'
import {
  CommonPasswordValidator, MinimumLengthValidator, NumericPasswordValidator, UserAttributeSimilarityValidator, passwordValidatorsHelpTexts, validatePassword,
} from 'tango/contrib/auth'

function messages(fn: () => void): readonly string[] {
  try {
    fn()
  } catch (error) {
    if (error instanceof ValidationError) return error.messages
    throw error
  }
  return []
}

describe('password validators', () => {
  test('minimum length: 8 characters by default, configurable', () => {
    assert.deepEqual(messages(() => new MinimumLengthValidator().validate('1234567')), ['This password is too short. It must contain at least 8 characters.'])
    assert.deepEqual(messages(() => new MinimumLengthValidator().validate('12345678')), [])
    assert.deepEqual(messages(() => new MinimumLengthValidator({ minLength: 12 }).validate('abcdefghijk')).length, 1)
  })

  test('all-numeric passwords are rejected', () => {
    assert.deepEqual(messages(() => new NumericPasswordValidator().validate('8675309123')), ['This password is entirely numeric.'])
    assert.deepEqual(messages(() => new NumericPasswordValidator().validate('8675309a')), [])
  })

  test('common passwords from the shipped list are rejected, case- and space-insensitively', () => {
    const v = new CommonPasswordValidator()
    for (const p of ['password', 'PASSWORD', ' qwerty ', 'iloveyou', 'letmein', 'trustno1']) {
      assert.deepEqual(messages(() => v.validate(p)), ['This password is too common.'], p)
    }
    assert.deepEqual(messages(() => v.validate('vG7#kq-Lw2!zR')), [])
    assert.deepEqual(messages(() => new CommonPasswordValidator({ passwords: ['Tango'] }).validate('tango')).length, 1)
  })

  test('similarity to the username, names and email (whole value and parts)', () => {
    const v = new UserAttributeSimilarityValidator()
    const user = { username: 'adalovelace', firstName: 'Ada', lastName: 'Lovelace', email: 'countess@analytical.example' }
    assert.deepEqual(messages(() => v.validate('adalovelace1', user)), ['The password is too similar to the username.'])
    assert.deepEqual(messages(() => v.validate('Lovelace', { lastName: 'Lovelace' })), ['The password is too similar to the last name.'])
    assert.deepEqual(messages(() => v.validate('analytical!', user)), ['The password is too similar to the email address.'])
    assert.deepEqual(messages(() => v.validate('vG7#kq-Lw2!zR', user)), [])
    assert.deepEqual(messages(() => v.validate('adalovelace')), [], 'no user: nothing to compare')
  })

  test('validatePassword runs every validator and reports all messages', () => {
    const all = messages(() => validatePassword('1234', { username: 'bob' }))
    assert.deepEqual(all, [
      'This password is too short. It must contain at least 8 characters.',
      'This password is too common.',
      'This password is entirely numeric.',
    ])
    assert.doesNotThrow(() => validatePassword('vG7#kq-Lw2!zR', { username: 'bob' }))
    assert.equal(passwordValidatorsHelpTexts().length, 4)
  })
})
