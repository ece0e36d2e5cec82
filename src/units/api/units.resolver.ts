import { Args, Query, Resolver } from '@nestjs/graphql';
import { oneOf, optionalText, regionCode, requiredText } from '../../common/validation.js';
import {
  UNITS,
  UNIT_KINDS,
  resolveUnitCell,
  type Unit,
  type UnitCell,
} from '../../common/units/units.js';

/** The unit registry, and what a cell of unit names resolves to (before an import, or to check one). */
@Resolver('Unit')
export class UnitsResolver {
  @Query('units')
  units(
    @Args('kind') kind?: string | null,
    @Args('search') search?: string | null,
    @Args('province') province?: string | null,
  ): Unit[] {
    const k = kind == null ? null : oneOf('kind', kind, UNIT_KINDS);
    const text = optionalText('search', search, 100);
    const prefix = province == null ? null : regionCode('province', province).slice(0, 2);
    return UNITS.filter(
      (u) =>
        (k === null || u.kind === k) &&
        (prefix === null || u.regionCode.startsWith(prefix)) &&
        (!text || u.name.includes(text) || u.aliases.some((a) => a.includes(text))),
    );
  }

  @Query('resolveUnits')
  resolveUnits(@Args('text') text: string, @Args('province') province?: string | null): UnitCell {
    const scope = province == null ? undefined : regionCode('province', province);
    return resolveUnitCell(requiredText('text', text, 2000), scope);
  }
}
