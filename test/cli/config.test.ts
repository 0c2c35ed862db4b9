import { describe, expect, it } from 'vitest';
import { resolveConnection } from '../../src/cli/config.js';
import { createClient } from '../../src/cli/create-client.js';
import { UsageError } from '../../src/cli/usage-error.js';

const env = { SORA_BASE_URL: 'https://env.example/v1', SORA_API_KEY: 'sk-from-env' };

describe('resolveConnection', () => {
  it('takes the flags first, then SORA_BASE_URL and SORA_API_KEY', () => {
    expect(resolveConnection({}, env)).toEqual({
      baseUrl: 'https://env.example/v1',
      apiKey: 'sk-from-env',
      apiKeySource: 'SORA_API_KEY',
      baseUrlSource: 'SORA_BASE_URL',
    });
    expect(
      resolveConnection({ baseUrl: 'https://flag.example/v1', apiKey: 'sk-from-flag' }, env),
    ).toEqual({
      baseUrl: 'https://flag.example/v1',
      apiKey: 'sk-from-flag',
      apiKeySource: '--api-key',
      baseUrlSource: '--base-url',
    });
  });

  it('keeps --dialect where given, and leaves it out otherwise', () => {
    expect(resolveConnection({ dialect: 'openrouter' }, env)).toMatchObject({
      dialect: 'openrouter',
    });
    expect(resolveConnection({}, env)).not.toHaveProperty('dialect');
  });

  it('treats an empty variable as missing', () => {
    expect(() => resolveConnection({}, { ...env, SORA_API_KEY: ' ' })).toThrow(
      new UsageError('missing API key: pass --api-key or set SORA_API_KEY'),
    );
  });

  it('refuses a base URL that is not http(s), naming where it came from', () => {
    expect(() => resolveConnection({ baseUrl: 'ftp://example.com/v1' }, env)).toThrow(
      /^invalid configuration: Expected `--base-url` to use http or https/,
    );
    expect(() => resolveConnection({}, { ...env, SORA_BASE_URL: 'example.com' })).toThrow(
      /^invalid configuration: Expected `SORA_BASE_URL` to be an absolute http\(s\) URL/,
    );
  });

  it('refuses a key with spaces, naming where it came from and never showing it', () => {
    expect(() => resolveConnection({}, { ...env, SORA_API_KEY: 'sk secret' })).toThrow(
      new UsageError(
        'invalid configuration: the API key from SORA_API_KEY holds spaces or characters other than printable ASCII',
      ),
    );
    expect(() => resolveConnection({ apiKey: 'sk\tsecret' }, env)).toThrow(
      /^invalid configuration: the API key from --api-key holds/,
    );
  });

  it('says how to give a missing base URL', () => {
    expect(() => resolveConnection({ apiKey: 'sk-1' }, {})).toThrow(
      /^missing base URL: pass --base-url or set SORA_BASE_URL/,
    );
  });
});

describe('createClient', () => {
  it("turns the client's refusal of an option into a usage error that never shows the key", () => {
    const attempt = () => createClient({ baseUrl: 'not a url', apiKey: 'sk-secret-value' });
    expect(attempt).toThrow(UsageError);
    expect(attempt).toThrow(/^invalid configuration: Expected `baseUrl`/);
    expect(attempt).not.toThrow(/sk-secret-value/);
  });

  it('gives the client the dialect named, else lets it pick one by the base URL', () => {
    const connection = { baseUrl: 'https://gateway.example/v1', apiKey: 'sk-1' };
    // Only a dialect with a list of models (openrouter) can ask for it.
    expect(() => createClient(connection).models$()).toThrow(TypeError);
    expect(() => createClient({ ...connection, dialect: 'openrouter' }).models$()).not.toThrow();
    expect(() =>
      createClient({ baseUrl: 'https://openrouter.ai/api/v1', apiKey: 'sk-1' }).models$(),
    ).not.toThrow();
  });
});
