// A typed JSON:API client generated from the example's OpenAPI document:
// openapi-typescript turns build/jsonapi.json into build/jsonapi.d.ts, and
// openapi-fetch calls the API with those types. tsc --strict checks the
// calls (each @ts-expect-error must meet an error); running it lists,
// creates and updates posts against the server.
//
//   BASE_URL=http://127.0.0.1:8080 TOKEN=<jwt> node build/integration/frontend/jsonapi-client.js
import createClient from 'openapi-fetch';
import type { paths } from './build/jsonapi.js';

// Node's globals this program uses (no @types/node needed).
declare const process: { env: Record<string, string | undefined>; exit(code: number): never };

const BASE_URL = process.env.BASE_URL;
const TOKEN = process.env.TOKEN;
if (!BASE_URL || !TOKEN) {
    console.error('usage: BASE_URL=<server> TOKEN=<jwt> node jsonapi-client.js');
    process.exit(2);
}

// JSON:API lists are comma-separated (sort=a,b), never repeated keys.
const api = createClient<paths>({
    baseUrl: `${BASE_URL}/api/rest`,
    headers: { Authorization: `Bearer ${TOKEN}` },
    querySerializer: { array: { style: 'form', explode: false } },
});

let passed = 0;
let failed = 0;
async function check(name: string, fn: () => Promise<void>) {
    try {
        await fn();
        passed++;
        console.log(`ok   ${name}`);
    } catch (err) {
        failed++;
        console.log(`FAIL ${name}: ${(err as Error).message}`);
    }
}
function assert(cond: unknown, msg: string): asserts cond {
    if (!cond) throw new Error(msg);
}

let id = '';
await check('list: typed filters, sort, page and include', async () => {
    const { data, error } = await api.GET('/post', {
        params: { query: { 'filter[published]': [true], 'filter[viewCount$gte]': [1], sort: ['-viewCount'], 'page[limit]': 2, include: ['author'] } },
    });
    assert(!error && data, `error ${JSON.stringify(error)}`);
    const titles: (string | undefined)[] = data.data.map((p) => p.attributes?.title);
    const views: number[] = data.data.map((p) => p.attributes?.viewCount ?? 0);
    assert(titles.length === 2, `want 2 posts, got ${titles.length}`);
    assert(views[0]! >= views[1]!, `not sorted: ${views}`);
    assert(typeof data.meta?.total === 'number', 'no meta.total');
});

await check('create: attributes and a relationship, 201', async () => {
    const { data, error, response } = await api.POST('/post', {
        body: { data: { type: 'post', attributes: { title: 'typed client' }, relationships: { author: { data: { type: 'user', id: '2' } } } } },
    });
    assert(!error && data, `error ${JSON.stringify(error)}`);
    assert(response.status === 201, `status ${response.status}`);
    id = data.data.id;
    const title: string | undefined = data.data.attributes?.title;
    assert(title === 'typed client', `title ${title}`);
});

await check('update: PATCH an attribute', async () => {
    const { data, error } = await api.PATCH('/post/{id}', {
        params: { path: { id } },
        body: { data: { type: 'post', id, attributes: { title: 'typed client, renamed', viewCount: 3 } } },
    });
    assert(!error && data, `error ${JSON.stringify(error)}`);
    assert(data.data.attributes?.viewCount === 3, `viewCount ${data.data.attributes?.viewCount}`);
});

await check('errors are typed JSON:API error documents', async () => {
    const { error, response } = await api.GET('/post/{id}', { params: { path: { id: '999999' } } });
    assert(response.status === 404, `status ${response.status}`);
    const status: string | undefined = error?.errors[0]?.status;
    assert(status === '404', `status member ${status}`);
});

// Compile-time checks of the generated types.
export function mistakes() {
    // @ts-expect-error: no such attribute
    void api.POST('/post', { body: { data: { type: 'post', attributes: { titel: 'x' } } } });
    // @ts-expect-error: the type of a post is "post"
    void api.POST('/post', { body: { data: { type: 'user', attributes: { title: 'x' } } } });
    // @ts-expect-error: viewCount filters take numbers
    void api.GET('/post', { params: { query: { 'filter[viewCount$gt]': ['many'] } } });
    // @ts-expect-error: no such endpoint
    void api.GET('/posts');
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
