import { describe, expect, it } from 'vitest';
import { CheckFailure, classifyError, oneLine, truncatedBody } from '../../../../lambdas/core/checks/classify';
import { verificationReason } from '../../../../lambdas/core/checks/cert';

/** An error shaped like the ones node's net / dns / http / tls layers throw. */
function nodeError(code: string, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { code, ...extra });
}

describe('classifyError', () => {
  it('keeps an already classified failure', () => {
    expect(classifyError(new CheckFailure('timeout', 'timeout after 2000 ms waiting for headers'))).toEqual({
      error: 'timeout',
      reason: 'timeout after 2000 ms waiting for headers',
    });
  });

  it('refused, naming the endpoint and the code once', () => {
    const err = nodeError('ECONNREFUSED', 'connect ECONNREFUSED 10.1.2.3:443', { syscall: 'connect' });
    expect(classifyError(err, { phase: 'connect', endpoint: '10.1.2.3:443' })).toEqual({
      error: 'refused',
      reason: 'connection refused by 10.1.2.3:443 (ECONNREFUSED)',
    });
  });

  it('reset, with the phase it happened in', () => {
    expect(classifyError(nodeError('ECONNRESET', 'socket hang up'), { phase: 'headers' })).toEqual({
      error: 'reset',
      reason: 'connection reset by peer waiting for headers (ECONNRESET: socket hang up)',
    });
    expect(classifyError(nodeError('EPIPE', 'write EPIPE'), { phase: 'body' }).error).toBe('reset');
    expect(classifyError(nodeError('ECONNRESET', 'Client network socket disconnected'), { phase: 'tls' })).toMatchObject({
      error: 'reset',
      reason: expect.stringMatching(/^connection closed during TLS handshake/),
    });
  });

  it('unreachable', () => {
    for (const code of ['ENETUNREACH', 'EHOSTUNREACH', 'EHOSTDOWN']) {
      expect(classifyError(nodeError(code, `connect ${code} 10.9.9.9:80`), { endpoint: '10.9.9.9:80' })).toEqual({
        error: 'unreachable',
        reason: `10.9.9.9:80 unreachable (${code})`,
      });
    }
  });

  it('dns for lookup failures, with the host name', () => {
    const err = nodeError('ENOTFOUND', 'getaddrinfo ENOTFOUND sirekap.kpu.go.id', { syscall: 'getaddrinfo', hostname: 'sirekap.kpu.go.id' });
    expect(classifyError(err, { phase: 'dns', endpoint: 'sirekap.kpu.go.id:443' })).toEqual({
      error: 'dns',
      reason: 'DNS sirekap.kpu.go.id: name not found (NXDOMAIN) (ENOTFOUND)',
    });
    expect(classifyError(nodeError('EAI_AGAIN', 'getaddrinfo EAI_AGAIN x'), { phase: 'dns' }).error).toBe('dns');
    expect(classifyError(nodeError('ESERVFAIL', 'queryA ESERVFAIL x'), { phase: 'answer' }).error).toBe('dns');
  });

  it('ECONNREFUSED from a resolver is dns, not refused', () => {
    const err = nodeError('ECONNREFUSED', 'queryA ECONNREFUSED kpu.test', { hostname: 'kpu.test' });
    expect(classifyError(err, { phase: 'answer', endpoint: '127.0.0.1:5353' })).toEqual({
      error: 'dns',
      reason: 'DNS kpu.test: resolver not reachable (port closed) from 127.0.0.1:5353 (ECONNREFUSED)',
    });
  });

  it('timeout for OS and resolver time-outs', () => {
    expect(classifyError(nodeError('ETIMEDOUT', 'connect ETIMEDOUT 10.0.0.1:443'), { phase: 'connect', endpoint: '10.0.0.1:443' })).toEqual({
      error: 'timeout',
      reason: 'timed out connecting on 10.0.0.1:443 (ETIMEDOUT)',
    });
    expect(classifyError(nodeError('ETIMEOUT', 'queryA ETIMEOUT x'), { phase: 'answer' }).error).toBe('timeout');
  });

  it('tls for certificate and handshake codes', () => {
    for (const code of ['CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'ERR_TLS_CERT_ALTNAME_INVALID', 'ERR_SSL_WRONG_VERSION_NUMBER', 'EPROTO']) {
      expect(classifyError(nodeError(code, 'x'), { phase: 'tls' }).error).toBe('tls');
    }
  });

  it('uses the short OpenSSL reason instead of the internal message', () => {
    const err = nodeError(
      'ERR_SSL_WRONG_VERSION_NUMBER',
      '803CAA68:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/ssl/record/ssl3_record.c:350:\n',
      { library: 'SSL routines', reason: 'wrong version number' },
    );
    expect(classifyError(err, { phase: 'tls' })).toEqual({
      error: 'tls',
      reason: 'TLS handshake failed (ERR_SSL_WRONG_VERSION_NUMBER: wrong version number)',
    });
  });

  it('protocol for malformed HTTP and undecodable bodies', () => {
    expect(classifyError(nodeError('HPE_INVALID_CONSTANT', 'Parse Error: Expected HTTP/'), { endpoint: 'a:80' })).toEqual({
      error: 'protocol',
      reason: 'malformed HTTP response from a:80 (HPE_INVALID_CONSTANT: Parse Error: Expected HTTP/)',
    });
    expect(classifyError(nodeError('Z_DATA_ERROR', 'incorrect header check')).error).toBe('protocol');
    expect(classifyError(nodeError('EBADRESP', 'queryA EBADRESP x'), { phase: 'answer' }).error).toBe('protocol');
  });

  it.each([
    ['HPE_INVALID_CHUNK_SIZE', 'Parse Error: Invalid character in chunk size'],
    ['HPE_INVALID_CHUNK_SIZE', 'Parse Error: Chunk size overflow'],
    ['HPE_STRICT', 'Parse Error: Invalid character in chunk extensions name'],
    ['HPE_CHUNK_EXTENSIONS_OVERFLOW', 'Chunk extensions overflow'],
  ])('protocol "malformed chunked encoding" for %s (%s)', (code, message) => {
    expect(classifyError(nodeError(code, message), { phase: 'body' })).toEqual({
      error: 'protocol',
      reason: `malformed chunked encoding (${code}: ${message})`,
    });
  });

  it.each([
    [500, 1000, 'closed before the body was complete (500 of 1000 bytes)'],
    [0, 10, 'closed before the body was complete (0 of 10 bytes)'],
    [500, null, 'closed before the body was complete (500 bytes, no final chunk)'],
  ])('protocol for a clean close mid-body: %s of %s bytes', (received, declared, reason) => {
    expect(classifyError(truncatedBody(received, declared))).toEqual({ error: 'protocol', reason });
  });

  it('error for anything else, on one line', () => {
    expect(classifyError(new Error('something\n  odd\thappened'), { phase: 'body' })).toEqual({
      error: 'error',
      reason: 'check failed reading body (something odd happened)',
    });
    expect(classifyError('a string').error).toBe('error');
    expect(classifyError(undefined).reason).toBe('check failed (undefined)');
  });
});

describe('reasons', () => {
  it('oneLine collapses whitespace', () => {
    expect(oneLine('  a\n b\r\n\tc ')).toBe('a b c');
  });

  it('CheckFailure messages are one line', () => {
    expect(new CheckFailure('assertion', 'body does not contain\n"x"').message).toBe('body does not contain "x"');
  });

  it('names certificate verification codes in plain words', () => {
    expect(verificationReason('CERT_HAS_EXPIRED', 'kpu.go.id')).toBe('TLS certificate rejected: CERT_HAS_EXPIRED (certificate has expired)');
    expect(verificationReason('ERR_TLS_CERT_ALTNAME_INVALID', 'kpu.go.id')).toBe(
      'TLS certificate rejected: ERR_TLS_CERT_ALTNAME_INVALID (certificate does not match the host name kpu.go.id)',
    );
    expect(verificationReason('SOME_NEW_CODE', 'x')).toBe('TLS certificate rejected: SOME_NEW_CODE');
  });
});
