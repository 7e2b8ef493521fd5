import { describe, expect, it } from 'vitest';
import { detectLanguage, primaryLanguage } from './language';

describe('detectLanguage', () => {
  it.each([
    ['a short Amharic word (franc: undetermined)', 'ሰላም', 'am'],
    ['a short Amharic sentence (franc alone says Tigrinya)', 'ገንዘቤን መመለስ እፈልጋለሁ', 'am'],
    ['Amharic mixed with a Latin order number', 'ትዕዛዜ ORD-1234 የት ነው', 'am'],
    ['an English sentence', 'I want a refund for my order please, it arrived broken', 'en'],
    ['another English sentence', 'Where is my order? It has not arrived yet', 'en'],
    ['a French sentence', 'Bonjour, je voudrais un remboursement pour ma commande', 'fr'],
    ['a Spanish sentence', 'Quiero un reembolso de mi pedido, por favor', 'es'],
    ['Arabic', 'مرحبا أريد استرداد أموالي من فضلك الآن', 'ar'],
    ['a short English text (too short to tell)', 'My package is late', undefined],
    ['a greeting', 'hello', undefined],
    ['no letters at all', '12345 !!!', undefined],
    ['an empty text', '', undefined],
  ])('%s → %s', (_what, text, expected) => {
    expect(detectLanguage(text)).toBe(expected);
  });

  it.each([
    ['en-US', 'en'],
    ['AM', 'am'],
    ['en_gb', 'en'],
  ])('reads the primary subtag of %s', (tag, expected) => {
    expect(primaryLanguage(tag)).toBe(expected);
  });
});
