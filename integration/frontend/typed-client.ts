// Compile-time checks of the generated example/client/schema.ts under
// ZenStack's typed client (ClientContract from @zenstackhq/orm, the type the
// fetch client and the TanStack Query hooks expose): every model is
// reachable with typed arguments and results, and mistakes do not compile
// (each @ts-expect-error must meet an error, or tsc fails).
import type { ClientContract } from '@zenstackhq/orm';
import type { SchemaType } from '../../example/client/schema.js';

export async function usage(db: ClientContract<SchemaType>) {
    // findMany with include and orderBy: relations and Dates are typed.
    const posts = await db.post.findMany({
        where: { published: true, viewCount: { gte: 10 }, title: { contains: 'go', mode: 'insensitive' } },
        include: { author: true, tags: true, comments: { include: { author: true } } },
        orderBy: [{ viewCount: 'desc' }, { createdAt: 'asc' }],
        take: 10,
    });
    const title: string = posts[0]!.title;
    const created: Date = posts[0]!.createdAt;
    const authorName: string | null = posts[0]!.author.name;
    const tagNames: string[] = posts[0]!.tags.map((t) => t.name);
    const commenter: string | undefined = posts[0]!.comments[0]?.author?.email;

    // create with connect, on every relation kind.
    const post = await db.post.create({
        data: { title: 'Hello', author: { connect: { id: 2 } }, tags: { connect: [{ id: 1 }, { name: 'go' }] } },
    });
    const postId: number = post.id;
    await db.comment.create({ data: { content: 'Nice', post: { connect: { id: post.id } }, author: { connect: { id: 2 } } } });
    await db.profile.create({ data: { gender: 'x', user: { connect: { email: 'bob@example.com' } } } });
    await db.tag.create({ data: { name: 'new', posts: { connect: { id: post.id } } } });
    await db.user.create({ data: { email: 'new@example.com', role: 'USER', profile: { create: { gender: 'y' } } } });

    // count with an enum filter; other reads of every model.
    const admins: number = await db.user.count({ where: { role: 'ADMIN' } });
    const users = await db.user.findMany({ where: { role: { in: ['USER', 'ADMIN'] } }, select: { id: true, role: true } });
    const role: 'USER' | 'ADMIN' = users[0]!.role;
    const profile = await db.profile.findUnique({ where: { userId: 2 }, include: { user: true } });
    const bio: string | null | undefined = profile?.bio;
    const tag = await db.tag.findFirst({ where: { posts: { some: { published: true } } } });
    const comments = await db.comment.aggregate({ _count: { _all: true } });
    const groups = await db.post.groupBy({ by: ['authorId'], _avg: { viewCount: true } });
    await db.post.update({ where: { id: postId }, data: { viewCount: { increment: 1 } } });
    await db.post.delete({ where: { id: postId } });

    // Mistakes are compile errors.
    // @ts-expect-error: no such field
    await db.post.findMany({ where: { titel: 'x' } });
    // @ts-expect-error: not a value of the Role enum
    await db.user.count({ where: { role: 'OWNER' } });
    // @ts-expect-error: a post needs a title
    await db.post.create({ data: { author: { connect: { id: 2 } } } });
    // @ts-expect-error: no such model
    await db.article.findMany();

    return { title, created, authorName, tagNames, commenter, admins, role, bio, tag, comments, groups };
}
