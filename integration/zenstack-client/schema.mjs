// Hand-written ZenStack v3 schema object (the shape of `SchemaDef` from
// @zenstackhq/schema 3.9.3, dist/index.d.mts) for the reference blog schema
// (/work/shared/blog-schema.md). `zen generate` would emit the same kind of
// object into schema.ts; we write it by hand to avoid the CLI and a .zmodel.
//
// @zenstackhq/fetch-client's createClient only reads `models[*].name` (to
// build one accessor per model, named with a lower-cased first letter) and
// `procedures`; the rest is here so the object is a faithful SchemaDef.

const id = { name: 'id', type: 'Int', id: true, default: { kind: 'call', function: 'autoincrement' } };
const createdAt = { name: 'createdAt', type: 'DateTime', default: { kind: 'call', function: 'now' } };

export const schema = {
  provider: { type: 'postgresql' },
  enums: { Role: { name: 'Role', values: { USER: 'USER', ADMIN: 'ADMIN' } } },
  plugins: {},
  authType: 'User',
  models: {
    User: {
      name: 'User',
      fields: {
        id,
        email: { name: 'email', type: 'String', unique: true },
        name: { name: 'name', type: 'String', optional: true },
        role: { name: 'role', type: 'Role', default: 'USER' },
        createdAt,
        posts: { name: 'posts', type: 'Post', array: true, relation: { opposite: 'author' } },
        comments: { name: 'comments', type: 'Comment', array: true, relation: { opposite: 'author' } },
        profile: { name: 'profile', type: 'Profile', optional: true, relation: { opposite: 'user' } },
      },
      idFields: ['id'],
      uniqueFields: { id: { type: 'Int' }, email: { type: 'String' } },
    },
    Profile: {
      name: 'Profile',
      fields: {
        id,
        gender: { name: 'gender', type: 'String' },
        bio: { name: 'bio', type: 'String', optional: true },
        user: { name: 'user', type: 'User', relation: { opposite: 'profile', fields: ['userId'], references: ['id'] } },
        userId: { name: 'userId', type: 'Int', unique: true, foreignKeyFor: ['user'] },
      },
      idFields: ['id'],
      uniqueFields: { id: { type: 'Int' }, userId: { type: 'Int' } },
    },
    Post: {
      name: 'Post',
      fields: {
        id,
        title: { name: 'title', type: 'String' },
        content: { name: 'content', type: 'String', optional: true },
        published: { name: 'published', type: 'Boolean', default: false },
        viewCount: { name: 'viewCount', type: 'Int', default: 0 },
        rating: { name: 'rating', type: 'Float', optional: true },
        createdAt,
        author: { name: 'author', type: 'User', relation: { opposite: 'posts', fields: ['authorId'], references: ['id'] } },
        authorId: { name: 'authorId', type: 'Int', foreignKeyFor: ['author'] },
        comments: { name: 'comments', type: 'Comment', array: true, relation: { opposite: 'post' } },
        tags: { name: 'tags', type: 'Tag', array: true, relation: { opposite: 'posts' } },
      },
      idFields: ['id'],
      uniqueFields: { id: { type: 'Int' } },
    },
    Comment: {
      name: 'Comment',
      fields: {
        id,
        content: { name: 'content', type: 'String' },
        post: { name: 'post', type: 'Post', relation: { opposite: 'comments', fields: ['postId'], references: ['id'] } },
        postId: { name: 'postId', type: 'Int', foreignKeyFor: ['post'] },
        author: { name: 'author', type: 'User', optional: true, relation: { opposite: 'comments', fields: ['authorId'], references: ['id'] } },
        authorId: { name: 'authorId', type: 'Int', optional: true, foreignKeyFor: ['author'] },
      },
      idFields: ['id'],
      uniqueFields: { id: { type: 'Int' } },
    },
    Tag: {
      name: 'Tag',
      fields: {
        id,
        name: { name: 'name', type: 'String', unique: true },
        posts: { name: 'posts', type: 'Post', array: true, relation: { opposite: 'tags' } },
      },
      idFields: ['id'],
      uniqueFields: { id: { type: 'Int' }, name: { type: 'String' } },
    },
  },
};
