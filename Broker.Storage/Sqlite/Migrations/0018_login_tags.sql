-- Tinode's basic authenticator with add_to_tags (Auth:Basic:AddToTags): every account with a login holds the tag
-- basic:<login>. Accounts created before it get theirs here, in their tags and in the tag index.
UPDATE users
SET tags = json_insert(tags, '$[#]', (SELECT 'basic:' || lower(a.uniq) FROM auth a WHERE a.user_id = users.id AND a.scheme = 'basic'))
WHERE id IN (SELECT user_id FROM auth WHERE scheme = 'basic')
  AND NOT EXISTS (
      SELECT 1 FROM json_each(users.tags) j, auth a
      WHERE a.user_id = users.id AND a.scheme = 'basic' AND j.value = 'basic:' || lower(a.uniq));

INSERT OR IGNORE INTO user_tags (tag, user_id) SELECT 'basic:' || lower(uniq), user_id FROM auth WHERE scheme = 'basic';
