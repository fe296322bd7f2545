// Runs ZenStack's published fetch client (@zenstackhq/fetch-client, v3)
// against an RPC server that serves the reference blog schema.
//
//   RPC_URL=http://127.0.0.1:8080/api/model TOKEN=<jwt> node client-test.mjs
//
// RPC_URL  the RPC base URL (the handler's prefix; the client appends /<model>/<op>)
// TOKEN    a JWT sent as "Authorization: Bearer <TOKEN>"; its `sub` claim is the
//          signed-in user's id (override with USER_ID)
// RPC_FAKE=1 also runs the checks that need fixed server behaviour (only the
//          fake server in this folder provides it: a "cannot-read-back" rejection)
//
// Prints one line per check and a final "N passed, N failed"; exits 1 on any failure.
//
// The schema is the one entx generates (example/client/schema.ts), compiled
// to build/ by `npx tsc -p .` (the Go test does it first).
import { createClient } from '@zenstackhq/fetch-client';
import { schema } from './build/example/client/schema.js';

const RPC_URL = process.env.RPC_URL;
const TOKEN = process.env.TOKEN;
if (!RPC_URL || !TOKEN) {
  console.error('usage: RPC_URL=<rpc base url> TOKEN=<jwt> node client-test.mjs');
  process.exit(2);
}

function jwtSub(token) {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
    return payload.sub;
  } catch {
    return undefined;
  }
}
const me = Number(process.env.USER_ID ?? jwtSub(TOKEN));
if (!Number.isInteger(me)) {
  console.error('cannot tell the signed-in user: TOKEN has no numeric `sub` claim and USER_ID is unset');
  process.exit(2);
}

// The published client, with the bearer token added through its `fetch` option.
const client = createClient(schema, {
  endpoint: RPC_URL,
  fetch: (url, init = {}) =>
    fetch(url, { ...init, headers: { ...(init.headers ?? {}), authorization: `Bearer ${TOKEN}` } }),
});

let passed = 0;
let failed = 0;
async function check(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok   ${name}`);
  } catch (err) {
    failed++;
    const info = err?.info ? ` status=${err.status} info=${JSON.stringify(err.info)}` : '';
    console.log(`FAIL ${name}: ${err?.message ?? err}${info}`);
  }
}
function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}
const isDate = (v) => v instanceof Date && !Number.isNaN(v.getTime());
const show = (v) => JSON.stringify(v);

// The library reports a rejected request by throwing an Error whose `status`
// is the HTTP status and `info` the server's `error` object.
async function expectRejection(promise, status) {
  let result;
  try {
    result = await promise;
  } catch (err) {
    assert(err.status === status, `want HTTP ${status}, got ${err.status} (${err.message})`);
    assert(err.info && typeof err.info.message === 'string', `error.info.message missing: ${show(err.info)}`);
    return err;
  }
  throw new Error(`want a rejection with HTTP ${status}, got result ${show(result)}`);
}

const stamp = Date.now();
let created;

// (The fake server answers only the requests of the checks below.)
await check('every model of the generated schema answers count at its RPC path', async () => {
  if (process.env.RPC_FAKE === '1') return;
  const names = Object.values(schema.models).map((m) => m.name);
  assert(names.length >= 5, `models ${show(names)}`);
  for (const name of names) {
    const accessor = name[0].toLowerCase() + name.slice(1);
    const n = await client[accessor].count();
    assert(Number.isInteger(n), `${accessor}.count() returned ${show(n)}`);
  }
});

await check('post.findMany: where + include author + orderBy, Date revival', async () => {
  const posts = await client.post.findMany({
    where: { published: true },
    include: { author: true },
    orderBy: { createdAt: 'desc' },
    take: 20,
  });
  assert(Array.isArray(posts), `want an array, got ${show(posts)}`);
  for (const p of posts) {
    assert(p.published === true, `unpublished post ${p.id} returned`);
    assert(isDate(p.createdAt), `post ${p.id} createdAt is not a Date: ${show(p.createdAt)}`);
    assert(p.author && p.author.id === p.authorId, `post ${p.id} author not included: ${show(p.author)}`);
    assert(isDate(p.author.createdAt), `author ${p.author.id} createdAt is not a Date`);
  }
  for (let i = 1; i < posts.length; i++) {
    assert(posts[i - 1].createdAt >= posts[i].createdAt, `not ordered by createdAt desc at index ${i}`);
  }
});

await check('post.create: author connect, 201 → record with Date', async () => {
  created = await client.post.create({
    data: { title: `client-test ${stamp}`, content: 'hello', viewCount: 5, rating: 4.5, author: { connect: { id: me } } },
  });
  assert(created && Number.isInteger(created.id), `no id in ${show(created)}`);
  assert(created.title === `client-test ${stamp}`, `title ${show(created.title)}`);
  assert(created.authorId === me, `authorId ${created.authorId}, want ${me}`);
  assert(created.published === false && created.viewCount === 5 && created.rating === 4.5, `fields ${show(created)}`);
  assert(isDate(created.createdAt), `createdAt is not a Date: ${show(created.createdAt)}`);
});

await check('post.findMany: Date argument in where (superjson meta in q)', async () => {
  assert(created, 'create failed');
  const posts = await client.post.findMany({
    where: { id: created.id, createdAt: { lte: new Date(Date.now() + 3600_000), gt: new Date(0) } },
  });
  assert(posts.length === 1 && posts[0].id === created.id, `want the new post, got ${show(posts)}`);
  assert(posts[0].createdAt.getTime() === created.createdAt.getTime(), 'createdAt differs between create and findMany');
});

await check('post.update: set + increment', async () => {
  assert(created, 'create failed');
  const updated = await client.post.update({
    where: { id: created.id },
    data: { title: `client-test ${stamp} updated`, viewCount: { increment: 2 } },
  });
  assert(updated.id === created.id, `id ${updated.id}`);
  assert(updated.title === `client-test ${stamp} updated`, `title ${show(updated.title)}`);
  assert(updated.viewCount === 7, `viewCount ${updated.viewCount}, want 7`);
  assert(isDate(updated.createdAt), 'createdAt is not a Date');
});

await check('post.aggregate: _count + _avg', async () => {
  const agg = await client.post.aggregate({ where: { authorId: me }, _count: { _all: true }, _avg: { viewCount: true } });
  assert(agg && typeof agg._count === 'object', `no _count in ${show(agg)}`);
  assert(Number.isInteger(agg._count._all) && agg._count._all >= 1, `_count._all ${show(agg._count)}`);
  assert(typeof agg._avg?.viewCount === 'number', `_avg.viewCount ${show(agg._avg)}`);
});

await check('policy: creating a post for another author is rejected (403 rejected-by-policy)', async () => {
  let other = await client.user.findFirst({ where: { id: { not: me } } });
  if (!other) other = await client.user.create({ data: { email: `client-test-${stamp}@example.com` } });
  assert(other && other.id !== me, `no other user: ${show(other)}`);
  const err = await expectRejection(
    client.post.create({ data: { title: 'not mine', author: { connect: { id: other.id } } } }),
    403,
  );
  assert(err.info.rejectedByPolicy === true, `rejectedByPolicy not true: ${show(err.info)}`);
  assert(err.info.reason === 'rejected-by-policy', `reason ${show(err.info.reason)}`);
});

await check('post.delete → deleted record; findUnique → null', async () => {
  assert(created, 'create failed');
  const deleted = await client.post.delete({ where: { id: created.id } });
  assert(deleted?.id === created.id, `delete returned ${show(deleted)}`);
  const again = await client.post.findUnique({ where: { id: created.id } });
  assert(again === null, `findUnique after delete: ${show(again)}`);
});

if (process.env.RPC_FAKE === '1') {
  await check('fake only: 403 cannot-read-back is a success with undefined result', async () => {
    const res = await client.tag.create({ data: { name: 'unreadable' } });
    assert(res === undefined, `want undefined, got ${show(res)}`);
  });
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
