-- Synthetic, obviously fake records for the leakwatch lab. Not real people or cards.
CREATE DATABASE IF NOT EXISTS crm;
CREATE TABLE IF NOT EXISTS crm.customers (
  id INT PRIMARY KEY, full_name VARCHAR(64), email VARCHAR(64), ssn VARCHAR(16),
  card_number VARCHAR(32));
INSERT IGNORE INTO crm.customers VALUES
  (1, 'Test Person', 'test.person@example.com', '078-05-1120', '4111 1111 1111 1111'),
  (2, 'Jane Example', 'jane.example@example.org', '219-09-9999', '5555 5555 5555 4444');
CREATE TABLE IF NOT EXISTS crm.memos (id INT PRIMARY KEY, marking VARCHAR(32), body TEXT);
INSERT IGNORE INTO crm.memos VALUES
  (1, 'UNCLASSIFIED//FOUO', 'Synthetic lab memo: test data only, not a real document.');
CREATE DATABASE IF NOT EXISTS ops;
CREATE TABLE IF NOT EXISTS ops.secrets (name VARCHAR(64) PRIMARY KEY, value VARCHAR(128));
INSERT IGNORE INTO ops.secrets VALUES ('aws_access_key_id', 'AKIAIOSFODNN7EXAMPLE');
ANALYZE TABLE crm.customers, crm.memos, ops.secrets;
