// Names are camelCase in the app and snake_case in the database. Kysely's CamelCasePlugin does
// both halves: it rewrites every statement's tree, copying each node that holds a name, before the
// statement is compiled, and it renames the keys of every row that comes back. Here the first half
// is done as the statement is written out instead: the compiler writes each name in snake_case as
// it reaches it, so no tree is copied. The SQL is the same, name for name (a test holds the two to
// it), and the rows come back through the plugin's own renaming, unchanged.
import {
	CamelCasePlugin,
	Kysely,
	PostgresQueryCompiler,
	type Dialect,
	type KyselyConfig,
	type PluginTransformQueryArgs,
	type RootOperationNode
} from 'kysely';

/** CamelCasePlugin with its statement half left to the compiler: it renames the rows only. */
class RowNames extends CamelCasePlugin {
	override transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
		return args.node;
	}

	/** A name as the database has it: the plugin's own renaming, so the two cannot drift apart. */
	inDatabase(name: string): string {
		return this.snakeCase(name);
	}
}

const rowNames = new RowNames();

class SnakeCaseCompiler extends PostgresQueryCompiler {
	protected override sanitizeIdentifier(identifier: string): string {
		return super.sanitizeIdentifier(rowNames.inDatabase(identifier));
	}
}

/**
 * A Kysely for `dialect` (PostgreSQL or the embedded database) that writes names in snake_case;
 * `config` adds to it (a log of the statements sent, for the bench and tests that watch them).
 */
export function kyselyWithSnakeCaseNames<DB>(dialect: Dialect, config: Pick<KyselyConfig, 'log'> = {}): Kysely<DB> {
	return new Kysely<DB>({
		...config,
		dialect: {
			createDriver: () => dialect.createDriver(),
			createAdapter: () => dialect.createAdapter(),
			createIntrospector: (db) => dialect.createIntrospector(db),
			createQueryCompiler: () => new SnakeCaseCompiler()
		},
		plugins: [rowNames]
	});
}
