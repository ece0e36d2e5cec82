import { GraphQLError, GraphQLScalarType, Kind, valueFromASTUntyped } from 'graphql';

const badInput = (message: string) =>
  new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

/** Accepts ISO-8601 date-times (or dates), hands resolvers a normalised UTC ISO string. */
function parseDateTime(value: unknown): string {
  if (
    typeof value !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)
  ) {
    throw badInput(
      `日期时间格式无效 / Invalid DateTime ${JSON.stringify(value)?.slice(0, 60)}: use ISO-8601`,
    );
  }
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw badInput(`不存在的日期 / Invalid DateTime ${value}`);
  return new Date(time).toISOString();
}

export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  serialize: (v) => (v instanceof Date ? v.toISOString() : String(v)),
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : undefined),
});

function parsePosition(value: unknown): bigint {
  if (
    (typeof value === 'string' && /^\d{1,20}$/.test(value)) ||
    (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0)
  ) {
    return BigInt(value);
  }
  throw badInput(
    `位置无效 / Invalid Position ${JSON.stringify(value)?.slice(0, 40)}: a decimal string`,
  );
}

export const PositionScalar = new GraphQLScalarType({
  name: 'Position',
  serialize: (v) => String(v),
  parseValue: parsePosition,
  parseLiteral: (ast) =>
    parsePosition(ast.kind === Kind.STRING || ast.kind === Kind.INT ? ast.value : undefined),
});

export const JsonScalar = new GraphQLScalarType({
  name: 'JSON',
  serialize: (v) => v,
  parseValue: (v) => v,
  parseLiteral: (ast, variables) => valueFromASTUntyped(ast, variables),
});

export const scalarResolvers = {
  DateTime: DateTimeScalar,
  Position: PositionScalar,
  JSON: JsonScalar,
};
