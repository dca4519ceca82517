SELECT
  p.id AS payment_intent_id,
  p.amount,
  p.currency,
  date_format(p.created, '%Y-%m-%d %H:%i') AS created_utc,
  p.status,
  p.amount_received,
  CASE
    WHEN p.status = 'requires_action' THEN 'awaiting_authentication'
    WHEN p.status = 'requires_payment_method' THEN 'failed_or_declined'
    WHEN p.status = 'succeeded' THEN 'paid'
    ELSE 'other'
  END AS finding
FROM payment_intents p
WHERE p.customer_id = '{customer_id}'
  AND p.created >= DATE '{from_date}'
  AND p.created < DATE '{to_date}' + INTERVAL '1' DAY
ORDER BY p.created
