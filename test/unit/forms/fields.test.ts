// Each form field's clean(): Django's documented results and error messages.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { ValidationError } from '../../../framework/src/db/errors.ts'
import * as forms from '../../../framework/src/forms/index.ts'

async function fails(promise: Promise<unknown>, message: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof ValidationError)
    assert.deepEqual(error.messages, [message])
    return true
  })
}

describe('CharField', () => {
  test('strips, enforces maxLength/minLength, empty is "" when not required', async () => {
    const f = forms.CharField({ maxLength: 5, minLength: 2 })
    assert.equal(await f.clean('  abc '), 'abc')
    await fails(f.clean('abcdef'), 'Ensure this value has at most 5 characters (it has 6).')
    await fails(f.clean('a'), 'Ensure this value has at least 2 characters (it has 1).')
    await fails(f.clean(''), 'This field is required.')
    await fails(f.clean(null), 'This field is required.')
    assert.equal(await forms.CharField({ required: false }).clean(''), '')
    assert.equal(await forms.CharField({ required: false, emptyValue: null }).clean('  '), null)
  })
  test('errorMessages override the table', async () => {
    await fails(forms.CharField({ errorMessages: { required: 'Please.' } }).clean(''), 'Please.')
  })
})

describe('text formats', () => {
  test('EmailField', async () => {
    assert.equal(await forms.EmailField().clean('a@example.com'), 'a@example.com')
    await fails(forms.EmailField().clean('nope'), 'Enter a valid email address.')
  })
  test('URLField adds the assumed scheme and checks the URL', async () => {
    assert.equal(await forms.URLField().clean('example.com/x'), 'https://example.com/x')
    assert.equal(await forms.URLField().clean('http://example.com'), 'http://example.com')
    await fails(forms.URLField().clean('http://'), 'Enter a valid URL.')
    await fails(forms.URLField().clean('javascript:alert(1)'), 'Enter a valid URL.')
  })
  test('SlugField and RegexField', async () => {
    assert.equal(await forms.SlugField().clean('a-b_1'), 'a-b_1')
    await fails(forms.SlugField().clean('a b'), 'Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.')
    assert.equal(await forms.RegexField(/^\d{3}$/).clean('123'), '123')
    await fails(forms.RegexField('^\\d{3}$').clean('12a'), 'Enter a valid value.')
  })
  test('UUIDField normalizes', async () => {
    assert.equal(await forms.UUIDField().clean('{550E8400E29B41D4A716446655440000}'), '550e8400-e29b-41d4-a716-446655440000')
    await fails(forms.UUIDField().clean('xyz'), 'Enter a valid UUID.')
    assert.equal(await forms.UUIDField({ required: false }).clean(''), null)
  })
})

describe('numbers', () => {
  test('IntegerField', async () => {
    const f = forms.IntegerField({ minValue: 1, maxValue: 10 })
    assert.equal(await f.clean(' 7 '), 7)
    assert.equal(await f.clean('3.0'), 3)
    await fails(f.clean('3.5'), 'Enter a whole number.')
    await fails(f.clean('abc'), 'Enter a whole number.')
    await fails(f.clean('11'), 'Ensure this value is less than or equal to 10.')
    await fails(f.clean('0'), 'Ensure this value is greater than or equal to 1.')
    await fails(forms.IntegerField({ stepSize: 5 }).clean('7'), 'Ensure this value is a multiple of step size 5.')
    assert.equal(await forms.IntegerField({ required: false }).clean(''), null)
  })
  test('FloatField', async () => {
    assert.equal(await forms.FloatField().clean('1.5e2'), 150)
    await fails(forms.FloatField().clean('1.2.3'), 'Enter a number.')
  })
  test('DecimalField keeps a string and counts digits as Django', async () => {
    const f = forms.DecimalField({ maxDigits: 4, decimalPlaces: 2 })
    assert.equal(await f.clean('12.50'), '12.50')
    assert.equal(await f.clean('+0.5'), '0.5')
    await fails(f.clean('123.4'), 'Ensure that there are no more than 2 digits before the decimal point.')
    await fails(f.clean('12.345'), 'Ensure that there are no more than 4 digits in total.')
    await fails(forms.DecimalField({ decimalPlaces: 2 }).clean('1.234'), 'Ensure that there are no more than 2 decimal places.')
    await fails(f.clean('x'), 'Enter a number.')
  })
})

describe('BooleanField, JSONField', () => {
  test('BooleanField: required means ticked; "false" and "0" are false', async () => {
    assert.equal(await forms.BooleanField().clean('on'), true)
    await fails(forms.BooleanField().clean(false), 'This field is required.')
    assert.equal(await forms.BooleanField({ required: false }).clean('false'), false)
    assert.equal(await forms.BooleanField({ required: false }).clean('0'), false)
  })
  test('JSONField parses and reports bad JSON', async () => {
    assert.deepEqual(await forms.JSONField().clean('{"a": [1, 2]}'), { a: [1, 2] })
    await fails(forms.JSONField().clean('{a'), 'Enter a valid JSON.')
    assert.equal(await forms.JSONField({ required: false }).clean(''), null)
  })
})

describe('choices', () => {
  const choices = [['d', 'Draft'], ['p', 'Published']] as const
  test('ChoiceField', async () => {
    assert.equal(await forms.ChoiceField({ choices }).clean('p'), 'p')
    await fails(forms.ChoiceField({ choices }).clean('x'), 'Select a valid choice. x is not one of the available choices.')
  })
  test('TypedChoiceField coerces', async () => {
    const f = forms.TypedChoiceField({ choices: [[1, 'One'], [2, 'Two']], coerce: Number })
    assert.equal(await f.clean('2'), 2)
    await fails(f.clean('3'), 'Select a valid choice. 3 is not one of the available choices.')
  })
  test('MultipleChoiceField', async () => {
    const f = forms.MultipleChoiceField({ choices })
    assert.deepEqual(await f.clean(['d', 'p']), ['d', 'p'])
    await fails(f.clean('d'), 'Enter a list of values.')
    await fails(f.clean(['d', 'z']), 'Select a valid choice. z is not one of the available choices.')
    await fails(f.clean([]), 'This field is required.')
  })
})

describe('dates and times', () => {
  test('DateField', async () => {
    assert.equal(await forms.DateField().clean('2026-11-21'), '2026-11-21')
    assert.equal(await forms.DateField().clean('11/21/2026'), '2026-11-21')
    assert.equal(await forms.DateField().clean('10/25/06'), '2006-10-25')
    await fails(forms.DateField().clean('2026-02-30'), 'Enter a valid date.')
  })
  test('TimeField', async () => {
    assert.equal(await forms.TimeField().clean('14:30'), '14:30:00')
    assert.equal(await forms.TimeField().clean('14:30:59.5'), '14:30:59.500000')
    await fails(forms.TimeField().clean('25:00'), 'Enter a valid time.')
  })
  test('DateTimeField reads naive times as UTC and honours offsets', async () => {
    assert.equal((await forms.DateTimeField().clean('2026-11-21 13:45')).toISOString(), '2026-11-21T13:45:00.000Z')
    assert.equal((await forms.DateTimeField().clean('2026-11-21T13:45:10+02:00')).toISOString(), '2026-11-21T11:45:10.000Z')
    assert.equal((await forms.DateTimeField().clean('2026-11-21')).toISOString(), '2026-11-21T00:00:00.000Z')
    await fails(forms.DateTimeField().clean('yesterday'), 'Enter a valid date/time.')
  })
  test('DurationField parses Django and ISO 8601 formats into milliseconds', async () => {
    assert.equal(await forms.DurationField().clean('1 02:03:04'), ((26 * 60 + 3) * 60 + 4) * 1000)
    assert.equal(await forms.DurationField().clean('02:30'), 150_000)
    assert.equal(await forms.DurationField().clean('P1DT2H'), 26 * 3_600_000)
    await fails(forms.DurationField().clean('abc'), 'Enter a valid duration.')
    assert.equal(forms.durationString(((26 * 60 + 3) * 60 + 4) * 1000), '1 02:03:04')
  })
})
