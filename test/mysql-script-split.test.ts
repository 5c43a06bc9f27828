import { describe, expect, it } from 'vitest';
import { splitMysqlScript } from '../src/dialects/mysql/split-script.js';

describe('splitMysqlScript splits like the mysql client', () => {
  it('splits on semicolons outside quotes and comments', () => {
    const script = `
      -- a comment; not a statement
      CREATE TABLE \`a;b\` (x VARCHAR(10) DEFAULT 'x;y', y TEXT DEFAULT "p;q");
      # another; comment
      INSERT INTO \`a;b\` VALUES ('it''s; fine', 'back\\\\slash\\'; quote');
      /* block; comment */ SELECT 1;
      SELECT 2`;
    expect(splitMysqlScript(script)).toEqual([
      "-- a comment; not a statement\n      CREATE TABLE `a;b` (x VARCHAR(10) DEFAULT 'x;y', y TEXT DEFAULT \"p;q\")",
      "# another; comment\n      INSERT INTO `a;b` VALUES ('it''s; fine', 'back\\\\slash\\'; quote')",
      '/* block; comment */ SELECT 1',
      'SELECT 2',
    ]);
  });

  it('drops empty statements and comment-only tails, keeps executable comments', () => {
    expect(splitMysqlScript(';;  ;\n-- only a comment\n')).toEqual([]);
    expect(splitMysqlScript('/*!40101 SET NAMES utf8mb4 */;\n/* plain */')).toEqual(['/*!40101 SET NAMES utf8mb4 */']);
  });

  it('honours DELIMITER lines, so procedure bodies stay whole', () => {
    const script = [
      'DROP PROCEDURE IF EXISTS p;',
      'DELIMITER ;;',
      'CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END;;',
      'DELIMITER ;',
      'CALL p();',
    ].join('\n');
    expect(splitMysqlScript(script)).toEqual(['DROP PROCEDURE IF EXISTS p', 'CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END', 'CALL p()']);
  });

  it('reads "--" as a comment only before a blank, as MySQL does', () => {
    expect(splitMysqlScript('SELECT 5--1;SELECT 3')).toEqual(['SELECT 5--1', 'SELECT 3']);
  });
});
