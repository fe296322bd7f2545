// Runs the published kitsu JSON:API client (kitsu 11.1.0) against a REST
// server that serves the reference blog schema with the demo data of the
// example server.
//
//   REST_URL=http://127.0.0.1:8080/api/rest TOKEN=<jwt> node client-test.mjs
//
// REST_URL  the JSON:API base URL (kitsu appends /<type>/…)
// TOKEN     a JWT of user 2 (Bob), sent as "Authorization: Bearer <TOKEN>"
//
// kitsu is configured for the server's resource names: no pluralisation,
// no case conversion of paths or types. Prints one line per check and a
// final "N passed, N failed"; exits 1 on any failure.
import Kitsu from 'kitsu';

const REST_URL = process.env.REST_URL;
const TOKEN = process.env.TOKEN;
if (!REST_URL || !TOKEN) {
  console.error('usage: REST_URL=<json:api base url> TOKEN=<jwt of user 2> node client-test.mjs');
  process.exit(2);
}
const me = '2';

const api = new Kitsu({
  baseURL: REST_URL,
  headers: { Authorization: `Bearer ${TOKEN}` },
  pluralize: false,
  resourceCase: 'none',
  camelCaseTypes: false,
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
    const info = err?.errors ? ` status=${err.response?.status} errors=${JSON.stringify(err.errors)}` : '';
    console.log(`FAIL ${name}: ${err?.message ?? err}${info}`);
  }
}
function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}
const show = (v) => JSON.stringify(v);
const ids = (list) => list.map((r) => r.id);
// canon sorts object keys, so that equal compares values, not key order.
const canon = (v) =>
  Array.isArray(v) ? v.map(canon)
  : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canon(v[k])]))
  : v;
function equal(got, want, what) {
  assert(show(canon(got)) === show(canon(want)), `${what}: got ${show(got)}, want ${show(want)}`);
}

// kitsu rejects with the axios error, the server's errors[] copied to
// err.errors.
async function expectErrors(promise, status, code) {
  let result;
  try {
    result = await promise;
  } catch (err) {
    equal(err.response?.status, status, 'HTTP status');
    assert(Array.isArray(err.errors) && err.errors.length === 1, `errors[] missing: ${show(err.errors)}`);
    equal(err.errors[0].status, String(status), 'errors[0].status');
    equal(err.errors[0].code, code, 'errors[0].code');
    assert(typeof err.errors[0].title === 'string' && typeof err.errors[0].detail === 'string', `title and detail: ${show(err.errors[0])}`);
    return err.errors[0];
  }
  throw new Error(`want a rejection with HTTP ${status}, got ${show(result)}`);
}

await check('list: filter, sort, page, include, fields', async () => {
  const res = await api.get('post', {
    params: {
      filter: { published: true },
      sort: '-viewCount',
      page: { limit: 2, offset: 0 },
      include: 'author',
      fields: { post: 'title,viewCount,author', user: 'name' },
    },
  });
  equal(res.status, 200, 'status');
  equal(ids(res.data), ['2', '1'], 'ids');
  equal(res.data[0].title, 'Serving Ent schemas as JSON:API', 'title');
  equal(res.data[0].viewCount, 340, 'viewCount');
  equal(res.data[0].published, undefined, 'a field outside the fieldset');
  const { links, ...author } = res.data[0].author.data;
  equal(author, { id: '1', type: 'user', name: 'Emily' }, 'included author');
  assert(links.self.endsWith('/user/1'), `author links.self: ${links.self}`);
  equal(res.meta.total, 4, 'meta.total');
  assert(res.links.next.includes('page%5Boffset%5D=2'), `links.next: ${res.links.next}`);
});

await check('list: operator filter, relationship filter, second page', async () => {
  const res = await api.get('post', { params: { filter: { viewCount$gt: 100 }, sort: 'id' } });
  equal(ids(res.data), ['1', '2'], 'viewCount > 100');
  const byAuthor = await api.get('post', { params: { filter: { author: me }, sort: '-id' } });
  equal(ids(byAuthor.data), ['5', '4'], "Bob's posts, his draft included");
  const page2 = await api.get('tag', { params: { sort: 'name', page: { limit: 2, offset: 2 } } });
  equal(page2.data.map((t) => t.name), ['go', 'news'], 'second page of tags');
});

await check('get one, with its to-one linkage', async () => {
  const res = await api.get('post/4');
  equal(res.data.title, 'My first post', 'title');
  equal(res.data.author.data, { id: '2', type: 'user' }, 'author linkage');
  const user = await api.get('user/1');
  equal(user.data.profile.data, { id: '1', type: 'profile' }, 'the non-owning side of a one-to-one');
});

await check('related resources and relationship linkage', async () => {
  const author = await api.get('post/4/author');
  equal(author.data.name, 'Bob', 'related to-one');
  const posts = await api.get('user/1/posts', { params: { sort: 'id' } });
  equal(ids(posts.data), ['1', '2'], "Emily's published posts (her draft is hidden from Bob)");
  const tags = await api.get('post/2/relationships/tags');
  equal(tags.data, [{ id: '1', type: 'tag' }, { id: '2', type: 'tag' }, { id: '3', type: 'tag' }], 'linkage');
});

let created;
await check('create with relationships', async () => {
  const res = await api.create(
    'post',
    {
      title: 'Written with kitsu',
      published: true,
      author: { data: { id: me, type: 'user' } },
      tags: { data: [{ id: '1', type: 'tag' }, { id: '2', type: 'tag' }] },
    },
    { params: { include: 'tags' } },
  );
  equal(res.status, 201, 'status');
  created = res.data.id;
  assert(res.headers.location.endsWith(`/post/${created}`), `Location: ${res.headers.location}`);
  equal(res.data.title, 'Written with kitsu', 'title');
  equal(res.data.author.data, { id: me, type: 'user' }, 'author');
  equal(res.data.tags.data.map((t) => t.name), ['go', 'ent'], 'included tags');
});

await check('update attributes and a to-many', async () => {
  const res = await api.update('post', { id: created, title: 'Renamed by kitsu', tags: { data: [{ id: '3', type: 'tag' }] } });
  equal(res.status, 200, 'status');
  equal(res.data.title, 'Renamed by kitsu', 'title');
  const tags = await api.get(`post/${created}/relationships/tags`);
  equal(ids(tags.data), ['3'], 'tags replaced');
});

await check('relationship endpoint: add, replace, remove', async () => {
  const url = `post/${created}/relationships/tags`;
  let res = await api.request({ method: 'POST', url, type: 'tag', body: [{ id: '1' }, { id: '3' }] });
  equal(ids(res.data), ['1', '3'], 'added (present members once)');
  res = await api.request({ method: 'PATCH', url, type: 'tag', body: [{ id: '4' }, { id: '2' }] });
  equal(ids(res.data), ['2', '4'], 'replaced');
  // kitsu types a DELETE body after the URL's last segment ("tags"); the
  // identifiers are of type "tag", given through axios
  res = await api.delete(url, ['4'], { axiosOptions: { data: { data: [{ id: '4', type: 'tag' }] } } });
  equal(ids(res.data), ['2'], 'removed');
});

await check('errors reach the caller as errors[]', async () => {
  await expectErrors(api.get('post/999'), 404, 'not-found');
  const e = await expectErrors(api.get('post', { params: { filter: { nope: 1 } } }), 400, 'invalid-filter');
  equal(e.source, { parameter: 'filter[nope]' }, 'source');
  await expectErrors(api.update('post', { id: '1', title: "not Bob's" }), 403, 'forbidden');
  const v = await expectErrors(api.create('post', { title: 'x', viewCount: 'many', author: { data: { id: me, type: 'user' } } }), 422, 'validation-error');
  equal(v.source, { pointer: '/data/attributes/viewCount' }, 'source');
  await expectErrors(api.request({ method: 'POST', url: 'post/4/relationships/author', type: 'user', body: [{ id: '1' }] }), 400, 'invalid-verb');
});

await check('delete (kitsu sends a body with DELETE)', async () => {
  const res = await api.remove('post', created);
  equal(res.status, 204, 'status');
  await expectErrors(api.get(`post/${created}`), 404, 'not-found');
});

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
