import { describe, expect, it } from 'vitest';
import { buildCredentials, credentialFields, missingCredentials } from './credential-fields';

describe('channel credential fields', () => {
  it('asks each provider for the fields of ARCHITECTURE.md §7', () => {
    const names = (t: keyof typeof credentialFields) => credentialFields[t].map((f) => f.name);
    expect(names('telegram')).toEqual(['bot_token']);
    expect(names('whatsapp')).toEqual([
      'access_token',
      'phone_number_id',
      'business_account_id',
      'app_secret',
      'verify_token',
    ]);
    expect(names('messenger')).toEqual(['page_access_token', 'page_id', 'app_secret', 'verify_token']);
    expect(names('sms')).toEqual(['account_sid', 'auth_token', 'sender_number']);
    expect(names('email')).toEqual([
      'smtp_host',
      'smtp_port',
      'smtp_username',
      'smtp_password',
      'from_address',
      'from_name',
      'inbound_signing_key',
    ]);
    expect(names('webchat')).toEqual([]);
  });

  it('reports blank required fields', () => {
    expect(missingCredentials('telegram', {})).toEqual({ bot_token: 'Required' });
    expect(missingCredentials('email', { smtp_host: 'h', smtp_port: '587', from_address: 'a@b.c' })).toEqual(
      {},
    );
  });

  it('builds the body: trimmed, blanks dropped, port as a number, Twilio as SMS provider', () => {
    expect(
      buildCredentials('email', {
        smtp_host: ' smtp.x ',
        smtp_port: '587',
        smtp_username: '',
        from_address: 'a@b.c',
      }),
    ).toEqual({
      smtp_host: 'smtp.x',
      smtp_port: 587,
      from_address: 'a@b.c',
    });
    expect(buildCredentials('sms', { account_sid: 'AC1', auth_token: 't', sender_number: '+1555' })).toEqual({
      account_sid: 'AC1',
      auth_token: 't',
      sender_number: '+1555',
      provider: 'twilio',
    });
  });
});
