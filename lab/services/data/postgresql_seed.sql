-- Synthetic, obviously fake records for the leakwatch lab. Not real people or cards.
CREATE TABLE IF NOT EXISTS customers (
  id integer PRIMARY KEY, full_name text, email text, ssn text, card_number text);
INSERT INTO customers VALUES
  (1, 'Test Person', 'test.person@example.com', '078-05-1120', '4111 1111 1111 1111'),
  (2, 'Jane Example', 'jane.example@example.org', '219-09-9999', '5555 5555 5555 4444')
  ON CONFLICT DO NOTHING;
CREATE TABLE IF NOT EXISTS memos (id integer PRIMARY KEY, marking text, body text);
INSERT INTO memos VALUES
  (1, 'UNCLASSIFIED//FOUO', 'Synthetic lab memo: test data only, not a real document.')
  ON CONFLICT DO NOTHING;
CREATE TABLE IF NOT EXISTS app_config (name text PRIMARY KEY, value text);
INSERT INTO app_config VALUES ('aws_access_key_id', 'AKIAIOSFODNN7EXAMPLE')
  ON CONFLICT DO NOTHING;
