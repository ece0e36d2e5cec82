'use strict';
/**
 * A projection that counts events and records each position once. Applying an event twice would
 * violate the primary key (and over-count), so it detects both lost and repeated effects.
 */
const countingProjection = {
  name: 'counting',
  version: 1,
  setup(db) {
    db.exec(`CREATE TABLE IF NOT EXISTS counted (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL);
      INSERT OR IGNORE INTO counted (id, n) VALUES (1, 0);
      CREATE TABLE IF NOT EXISTS counted_positions (position INTEGER PRIMARY KEY);`);
  },
  drop(db) {
    db.exec('DROP TABLE IF EXISTS counted; DROP TABLE IF EXISTS counted_positions;');
  },
  apply(event, db) {
    db.prepare('UPDATE counted SET n = n + 1 WHERE id = 1').run();
    db.prepare('INSERT INTO counted_positions (position) VALUES (?)').run(event.position);
  },
};

module.exports = { countingProjection };
