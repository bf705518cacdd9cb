-- Tinode's basic authenticator with add_to_tags (Auth:Basic:AddToTags): every account with a login holds the tag
-- basic:<login>. Accounts created before it get theirs here, in their tags and in the tag index.
UPDATE users u
SET tags = u.tags || jsonb_build_array('basic:' || lower(a.uniq))
FROM auth a
WHERE a.user_id = u.id AND a.scheme = 'basic' AND NOT (u.tags @> jsonb_build_array('basic:' || lower(a.uniq)));

INSERT INTO user_tags (tag, user_id)
SELECT 'basic:' || lower(uniq), user_id FROM auth WHERE scheme = 'basic'
ON CONFLICT DO NOTHING;
