import { describe, expect, it } from 'vitest';
import {
  extractVariables,
  fillVariables,
  missingVariables,
  readRenderResult,
  variableLabel,
} from './variables';

describe('canned response variables', () => {
  const text =
    'Hi {{contact_name}}, your order {{ order_number }} ships {{when | default: "soon"}}. Bye {{contact_name}}';

  it('lists each placeholder once in order', () => {
    expect(extractVariables(text)).toEqual(['contact_name', 'order_number', 'when']);
  });

  it('treats placeholders with a default as optional', () => {
    expect(missingVariables(text)).toEqual(['contact_name', 'order_number']);
    expect(missingVariables(text, { contact_name: 'Ann', order_number: ' ' })).toEqual(['order_number']);
  });

  it('fills values, then defaults, and leaves unknown placeholders as typed', () => {
    expect(fillVariables(text, { contact_name: 'Ann' })).toBe(
      'Hi Ann, your order {{ order_number }} ships soon. Bye Ann',
    );
    expect(fillVariables("{{x | default: 'there'}}", {})).toBe('there');
  });

  it('labels variables for the form', () => {
    expect(variableLabel('order_number')).toBe('Order number');
  });
});

describe('readRenderResult', () => {
  it('reads the text and the missing variables, whatever the fields are called', () => {
    expect(readRenderResult({ content: 'Hi Ann', missing_variables: [] }, 'x')).toEqual({
      text: 'Hi Ann',
      missing: [],
    });
    expect(readRenderResult({ text: 'Order {{order_number}}', missing: ['order_number'] }, 'x')).toEqual({
      text: 'Order {{order_number}}',
      missing: ['order_number'],
    });
  });

  it('finds placeholders the server left in the text even when it lists none', () => {
    expect(readRenderResult({ rendered: 'Ref {{ticket}}' }, 'x').missing).toEqual(['ticket']);
    expect(readRenderResult(null, 'Fallback {{a}}')).toEqual({ text: 'Fallback {{a}}', missing: ['a'] });
  });
});
