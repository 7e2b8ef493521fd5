import { describe, expect, it } from 'vitest';
import { placeholdersOf, renderTemplate } from './render';

describe('renderTemplate', () => {
  it.each([
    ['fills a placeholder from the values', 'Hi {{name}}!', { name: 'Sara' }, {}, 'Hi Sara!', []],
    ['accepts spaces inside the braces', 'Hi {{ name }}!', { name: 'Sara' }, {}, 'Hi Sara!', []],
    ['prefers a value over the default', 'Hi {{name}}', { name: 'Sara' }, { name: 'there' }, 'Hi Sara', []],
    ['falls back to the default', 'Hi {{name}}', {}, { name: 'there' }, 'Hi there', []],
    ['treats null as no value', 'Hi {{name}}', { name: null }, { name: 'there' }, 'Hi there', []],
    ['keeps an empty string value', 'Hi {{name}}.', { name: '' }, { name: 'there' }, 'Hi .', []],
    ['formats numbers and booleans', '#{{n}} {{ok}}', { n: 42, ok: true }, {}, '#42 true', []],
    ['keeps and reports an unknown placeholder', 'Order {{order}}', {}, {}, 'Order {{order}}', ['order']],
    ['reports each missing name once', '{{a}} {{a}} {{b}}', {}, {}, '{{a}} {{a}} {{b}}', ['a', 'b']],
    ['supports dotted names', 'Dear {{contact.name}}', { 'contact.name': 'Abebe' }, {}, 'Dear Abebe', []],
    ['leaves text without placeholders alone', 'No variables {here}', {}, {}, 'No variables {here}', []],
    ['does not read inherited properties', 'x {{constructor}}', {}, {}, 'x {{constructor}}', ['constructor']],
  ] as const)('%s', (_name, content, values, defaults, text, missing) => {
    const result = renderTemplate(content, values, defaults);
    expect(result.text).toBe(text);
    expect(result.missing).toEqual(missing);
  });

  it('reports values that no placeholder uses', () => {
    expect(renderTemplate('Hi {{name}}', { name: 'A', nmae: 'B' }).unused).toEqual(['nmae']);
  });

  it('does not re-expand placeholders inside substituted values', () => {
    expect(renderTemplate('{{a}}', { a: '{{b}}', b: 'x' }).text).toBe('{{b}}');
  });
});

describe('placeholdersOf', () => {
  it('lists each placeholder once in order of first use', () => {
    expect(placeholdersOf('{{b}} {{ a }} {{b}}')).toEqual(['b', 'a']);
  });
});
