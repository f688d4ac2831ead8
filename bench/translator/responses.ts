/**
 * What the benchmark's service answers, by method: the reference GetUser answer, a page of
 * accounts built per call, and the samples received. Objects in protobufjs form (original
 * field names), encoded by the caller with `Type.fromObject` and `Type.encode`.
 */

function account(i: number): object {
  return {
    id: `acc-${100000 + i}`,
    email: `user${i}@example.com`,
    display_name: `Account Holder Number ${i}`,
    tenant_id: `tenant-${i % 17}`,
    created_at: { seconds: 1714557600 + i, nanos: 123000000 },
    status: 1 + (i % 3),
    balance_cents: String(9007199254740993n + BigInt(i)),
    tags: ['gold', `region-${i % 5}`, 'verified'],
  };
}

/** The answer of `package.Service/Method` to a decoded request. */
export const ANSWERS: Record<string, (request: any) => object> = {
  'users.v1.UserService/GetUser': (r) => ({
    user: {
      id: r.user_id, email: 'ada@example.com', name: 'Ada', tenant_id: 't-1', created_at: { seconds: 1714557600, nanos: 123456789 },
      internal_notes: 'VIP, do not share', status: 1, balance_cents: '9007199254740993', secret_hash: 'hash-never-returned',
    },
  }),
  'bench.v1.BenchService/ListAccounts': (r) => ({ accounts: Array.from({ length: r.page_size }, (_, i) => account(i)), next_page_token: 'next' }),
  'bench.v1.BenchService/RecordSamples': (r) => ({ series: r.series, samples: r.samples, recorded_at: { seconds: 1714557600, nanos: 0 } }),
};
