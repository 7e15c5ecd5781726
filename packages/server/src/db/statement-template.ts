// The busiest public writes (a suggestion, a device vote) are composed with drizzle's sql once, with named
// placeholders, then run many times with new values: composing and rendering the statement on every
// request was about a sixth of the request's CPU (measured with `npm run bench` and a CPU profile).
import { is, Param, Placeholder, type Query, type SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';

const dialect = new PgDialect();

type Slot = { name: string } | { value: unknown };

/** A statement whose text never changes, only its values: `template.bind({ ... })` answers the query. */
export class StatementTemplate<Name extends string> {
  private rendered: { sql: string; slots: Slot[] } | undefined;

  /** `build` composes the statement; `value(name)` stands for a value given to bind() later. */
  constructor(private readonly build: (value: (name: Name) => Placeholder<Name>) => SQL) {}

  bind(values: Record<Name, unknown>): Query {
    const { sql: text, slots } = this.render();
    const params = slots.map((slot) => {
      if (!('name' in slot)) return slot.value;
      if (!(slot.name in values)) throw new Error(`no value for the statement's placeholder "${slot.name}"`);
      return values[slot.name as Name];
    });
    return { sql: text, params };
  }

  private render() {
    if (!this.rendered) {
      const query = dialect.sqlToQuery(this.build((name) => sql.placeholder(name)));
      const slots = query.params.map((param): Slot => {
        if (is(param, Placeholder)) return { name: param.name };
        if (is(param, Param) && is(param.value, Placeholder)) return { name: param.value.name };
        return { value: param };
      });
      this.rendered = { sql: query.sql, slots };
    }
    return this.rendered;
  }
}
