SELECT
  c.id AS charge_id,
  date_format(c.created, '%Y-%m-%d %H:%i') AS created_utc,
  c.amount,
  c.currency,
  c.status,
  c.captured,
  c.amount_refunded,
  c.disputed,
  CASE
    WHEN c.disputed THEN 'disputed'
    WHEN c.status = 'failed' THEN 'failed'
    WHEN NOT c.captured THEN 'hold'
    WHEN c.amount_refunded >= c.amount THEN 'refunded'
    WHEN c.amount_refunded > 0 THEN 'partly_refunded'
    ELSE 'paid'
  END AS finding
FROM charges c
WHERE c.customer_id = '{customer_id}'
  AND c.created >= DATE '{from_date}'
  AND c.created < DATE '{to_date}' + INTERVAL '1' DAY
ORDER BY c.created
