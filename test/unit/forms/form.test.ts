// Forms: binding, hooks, errors, prefix, initial; widget HTML, accessibility attributes and escaping.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { ValidationError } from '../../../framework/src/db/errors.ts'
import { QueryDict } from '../../../framework/src/http/query-dict.ts'
import * as forms from '../../../framework/src/forms/index.ts'

type Expect<T extends true> = T
type Equal<X, Y> = (<T>() => T extends X ? 1 : 2) extends <T>() => T extends Y ? 1 : 2 ? true : false

class ContactForm extends forms.defineForm({
  subject: forms.CharField({ maxLength: 100, helpText: 'Short & sweet' }),
  sender: forms.EmailField(),
  age: forms.IntegerField({ required: false }),
  ccMyself: forms.BooleanField({ required: false }),
}) {
  cleanSubject(): string {
    return this.cleanedData.subject.toUpperCase()
  }

  override clean(): void {
    if (this.cleanedData.ccMyself && this.cleanedData.age === null) throw new ValidationError('Give your age to be copied.')
  }
}

describe('Form', () => {
  test('types cleanedData from the declaration', () => {
    type Data = InstanceType<typeof ContactForm>['cleanedData']
    type _subject = Expect<Equal<Data['subject'], string>>
    type _age = Expect<Equal<Data['age'], number | null>>
    type _cc = Expect<Equal<Data['ccMyself'], boolean>>
    assert.ok(true)
  })

  test('a bound form validates a QueryDict; clean<Field> hooks replace the value', async () => {
    const form = new ContactForm({ data: new QueryDict([['subject', ' hi '], ['sender', 'a@b.co'], ['age', '40']]) })
    assert.equal(form.isBound, true)
    assert.equal(await form.isValid(), true)
    assert.deepEqual(form.cleanedData, { subject: 'HI', sender: 'a@b.co', age: 40, ccMyself: false })
    assert.deepEqual(form.errors, {})
  })

  test('field errors, and clean() errors under __all__', async () => {
    const form = new ContactForm({ data: { subject: '', sender: 'x', ccMyself: 'on' } })
    assert.equal(await form.isValid(), false)
    assert.deepEqual(form.errors, {
      subject: ['This field is required.'],
      sender: ['Enter a valid email address.'],
      __all__: ['Give your age to be copied.'],
    })
    assert.deepEqual(form.nonFieldErrors(), ['Give your age to be copied.'])
    assert.equal('subject' in form.cleanedData, false)
    assert.equal(form.cleanedData.ccMyself, true)
  })

  test('an unbound form is not valid and has no errors; a bound one must be validated before errors', async () => {
    const form = new ContactForm()
    assert.equal(form.isBound, false)
    assert.equal(await form.isValid(), false)
    assert.deepEqual(form.errors, {})
    assert.throws(() => new ContactForm({ data: {} }).errors, /isValid/)
  })

  test('addError routes to fields', async () => {
    class F extends forms.defineForm({ a: forms.CharField(), b: forms.CharField() }) {
      override clean(): void {
        this.addError('b', 'B is wrong.')
      }
    }
    const form = new F({ data: { a: 'x', b: 'y' } })
    assert.equal(await form.isValid(), false)
    assert.deepEqual(form.errors, { b: ['B is wrong.'] })
    assert.deepEqual(form.cleanedData, { a: 'x' })
  })

  test('prefix changes names and ids; initial fills an unbound form', async () => {
    const form = new ContactForm({ prefix: 'c', initial: { subject: 'Hello' } })
    const html = form.get('subject').asWidget().toString()
    assert.equal(html, '<input type="text" name="c-subject" value="Hello" maxlength="100" required aria-describedby="id_c-subject_helptext" id="id_c-subject">')
    const bound = new ContactForm({ prefix: 'c', data: { 'c-subject': 'Hi', 'c-sender': 'a@b.co' } })
    assert.equal(await bound.isValid(), true)
    assert.equal(bound.cleanedData.subject, 'HI')
  })
})

describe('rendering', () => {
  test('label, help text and errors are linked by ids; invalid fields carry aria-invalid', async () => {
    const form = new ContactForm({ data: { subject: '', sender: 'a@b.co' } })
    await form.isValid()
    const subject = form.get('subject')
    assert.equal(subject.labelTag().toString(), '<label for="id_subject">Subject:</label>')
    assert.equal(subject.helpTextHtml().toString(), '<div class="helptext" id="id_subject_helptext">Short &amp; sweet</div>')
    assert.equal(subject.errorsHtml().toString(), '<ul class="errorlist" id="id_subject_error"><li>This field is required.</li></ul>')
    assert.equal(subject.asWidget().toString(),
      '<input type="text" name="subject" maxlength="100" required aria-describedby="id_subject_helptext id_subject_error" aria-invalid="true" id="id_subject">')
    const html = form.asDiv().toString()
    assert.match(html, /<div class="error">\n {2}<label for="id_subject">Subject:<\/label>/)
    assert.match(html, /<label for="id_ccMyself">Cc myself:<\/label>/)
    assert.doesNotMatch(form.get('sender').asWidget().toString(), /aria-invalid/)
  })

  test('every value is escaped, a <script> value re-rendered included', async () => {
    const evil = '"><script>alert(1)</script>'
    const F = forms.defineForm({
      name: forms.CharField({ maxLength: 5, label: '<b>Name</b>' }),
      bio: forms.CharField({ widget: new forms.Textarea() }),
      kind: forms.ChoiceField({ choices: [['<x>', '<i>X</i>']] }),
    })
    const form = new F({ data: { name: evil, bio: '</textarea><script>x</script>', kind: evil } })
    assert.equal(await form.isValid(), false)
    const html = form.asDiv().toString()
    assert.doesNotMatch(html, /<script>/)
    assert.match(html, /value="&quot;&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;"/)
    assert.match(html, /&lt;\/textarea&gt;&lt;script&gt;x&lt;\/script&gt;<\/textarea>/)
    assert.match(html, /&lt;b&gt;Name&lt;\/b&gt;:/)
    assert.match(html, /<option value="&lt;x&gt;">&lt;i&gt;X&lt;\/i&gt;<\/option>/)
    assert.match(html, /Select a valid choice\. &quot;&gt;&lt;script&gt;/)
  })

  test('widget HTML', () => {
    const none = {}
    assert.equal(new forms.TextInput({ attrs: { class: 'w' } }).render('t', 'v', { id: 'id_t' }, none), '<input type="text" name="t" value="v" class="w" id="id_t">')
    assert.equal(new forms.NumberInput().render('n', 3, {}, none), '<input type="number" name="n" value="3">')
    assert.equal(new forms.EmailInput().render('e', null, {}, none), '<input type="email" name="e">')
    assert.equal(new forms.URLInput().render('u', '', {}, none), '<input type="url" name="u">')
    assert.equal(new forms.PasswordInput().render('p', 'secret', {}, none), '<input type="password" name="p">')
    assert.equal(new forms.HiddenInput().render('h', 'x', {}, none), '<input type="hidden" name="h" value="x">')
    assert.equal(new forms.CheckboxInput().render('c', true, {}, none), '<input type="checkbox" name="c" checked>')
    assert.equal(new forms.CheckboxInput().render('c', false, {}, none), '<input type="checkbox" name="c">')
    assert.equal(new forms.DateInput().render('d', '2026-11-21', {}, none), '<input type="date" name="d" value="2026-11-21">')
    assert.equal(new forms.DateTimeInput().render('d', new Date('2026-11-21T13:45:00Z'), {}, none), '<input type="datetime-local" name="d" value="2026-11-21T13:45:00">')
    assert.equal(new forms.Textarea().render('b', 'x', {}, none), '<textarea name="b" cols="40" rows="10">\nx</textarea>')
    const choices = { choices: [{ value: 'a', label: 'A' }, { value: 'b', label: 'B' }] }
    assert.equal(new forms.Select().render('s', 'b', {}, choices), '<select name="s">\n  <option value="a">A</option>\n  <option value="b" selected>B</option>\n</select>')
    assert.match(new forms.SelectMultiple().render('s', ['a', 'b'], {}, choices), /<select name="s" multiple>\n {2}<option value="a" selected>A<\/option>\n {2}<option value="b" selected>/)
    assert.equal(new forms.RadioSelect().render('r', 'a', { id: 'id_r', required: true }, choices),
      '<div id="id_r"><div>\n<label for="id_r_0"><input type="radio" name="r" value="a" required id="id_r_0" checked>\n A</label>\n</div>'
      + '<div>\n<label for="id_r_1"><input type="radio" name="r" value="b" required id="id_r_1">\n B</label>\n</div></div>')
    assert.match(new forms.CheckboxSelectMultiple().render('c', ['b'], { id: 'id_c', required: true }, choices), /<input type="checkbox" name="c" value="b" id="id_c_1" checked>/)
  })

  test('radio groups render in a fieldset with a legend; labels point at the first input', async () => {
    const F = forms.defineForm({ size: forms.ChoiceField({ choices: [['s', 'Small'], ['l', 'Large']], widget: new forms.RadioSelect() }) })
    const form = new F()
    await form.prepare()
    const html = form.asDiv().toString()
    assert.match(html, /<fieldset>\n {2}<legend>Size:<\/legend>/)
    assert.equal(form.get('size').idForLabel, 'id_size_0')
  })

  test('checkbox and multiple values read from a QueryDict', async () => {
    const F = forms.defineForm({
      on: forms.BooleanField({ required: false }),
      tags: forms.MultipleChoiceField({ choices: [['a', 'A'], ['b', 'B']] }),
    })
    const form = new F({ data: new QueryDict([['tags', 'a'], ['tags', 'b']]) })
    assert.equal(await form.isValid(), true)
    assert.deepEqual(form.cleanedData, { on: false, tags: ['a', 'b'] })
  })

  test('JSONField shows valid submitted JSON re-serialized and invalid JSON as typed', async () => {
    const F = forms.defineForm({ doc: forms.JSONField() })
    const bad = new F({ data: { doc: '{oops' } })
    await bad.isValid()
    assert.match(bad.get('doc').asWidget().toString(), />\n\{oops<\/textarea>/)
    const unbound = new F({ initial: { doc: { a: 1 } } })
    assert.match(unbound.get('doc').asWidget().toString(), />\n\{&quot;a&quot;:1\}<\/textarea>/)
  })
})
