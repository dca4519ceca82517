SELECT
  c.id AS charge_id,
  c.amount AS charged,
  c.currency,
  date_format(c.created, '%Y-%m-%d') AS charged_on_utc,
  r.id AS refund_id,
  r.amount AS refunded,
  date_format(r.created, '%Y-%m-%d') AS refunded_on_utc,
  r.status AS refund_status,
  r.failure_reason,
  CASE
    WHEN r.id IS NULL THEN 'no_refund'
    WHEN r.status = 'succeeded' THEN 'completed'
    WHEN r.status IN ('pending', 'requires_action') THEN 'pending'
    ELSE 'failed'
  END AS finding
FROM charges c
LEFT JOIN refunds r ON r.charge_id = c.id
WHERE c.customer_id = '{customer_id}'
  AND c.status = 'succeeded'
  AND c.captured
  AND c.created >= DATE '{from_date}'
  AND c.created < DATE '{to_date}' + INTERVAL '1' DAY
ORDER BY c.created, r.created
