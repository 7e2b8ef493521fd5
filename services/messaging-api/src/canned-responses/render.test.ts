import { describe, expect, it } from 'vitest';
import { firstName, renderTemplate } from './render';

const values = {
  contact_name: 'Abebe Kebede',
  contact_first_name: 'Abebe',
  agent_name: null,
  conversation_id: '42',
};

describe('renderTemplate', () => {
  it.each([
    ['Hi {{contact_first_name}}!', 'Hi Abebe!', []],
    ['Hi {{ contact_name }}, ticket #{{conversation_id}}', 'Hi Abebe Kebede, ticket #42', []],
    ['Hi {{contact_first_name | default: "there"}}', 'Hi Abebe', []],
    ['I am {{agent_name | default: "your agent"}}', 'I am your agent', []],
    ["I am {{agent_name|default:'support'}}", 'I am support', []],
    ['I am {{agent_name}}', 'I am {{agent_name}}', ['agent_name']],
    ['Dear {{nickname}}', 'Dear {{nickname}}', ['nickname']],
    ['Dear {{nickname | default: "friend"}}', 'Dear {{nickname | default: "friend"}}', ['nickname']],
    ['No variables here', 'No variables here', []],
    ['{{ not a variable }} and {{}}', '{{ not a variable }} and {{}}', []],
    ['{{agent_name}} {{agent_name}}', '{{agent_name}} {{agent_name}}', ['agent_name']],
  ])('%s → %s (missing %j)', (template, content, missing) => {
    expect(renderTemplate(template, values)).toMatchObject({ content, missing });
  });

  it('separates unknown names from known ones without a value', () => {
    const result = renderTemplate('{{agent_name}} {{nickname}}', values);
    expect(result).toEqual({
      content: '{{agent_name}} {{nickname}}',
      missing: ['agent_name', 'nickname'],
      unknown: ['nickname'],
    });
  });

  it('treats a blank value like a missing one', () => {
    expect(renderTemplate('Hi {{contact_name | default: "there"}}', { contact_name: '  ' }).content).toBe(
      'Hi there',
    );
  });
});

describe('firstName', () => {
  it.each([
    ['Abebe Kebede', 'Abebe'],
    ['  Sara  ', 'Sara'],
    ['', null],
    [null, null],
  ])('%j → %j', (name, first) => {
    expect(firstName(name)).toBe(first);
  });
});
