SELECT
  c.id AS charge_id,
  c.invoice_id,
  c.amount,
  c.currency,
  date_format(c.created, '%Y-%m-%d %H:%i') AS created_utc,
  date_format(c.created + INTERVAL '7' DAY, '%Y-%m-%d') AS hold_lapses_utc,
  c.captured,
  c.refunded,
  CASE
    WHEN c.captured THEN 'captured'
    WHEN c.refunded THEN 'released'
    WHEN CAST(c.created + INTERVAL '7' DAY AS DATE) >= current_date THEN 'open_hold'
    ELSE 'stuck_hold'
  END AS finding
FROM charges c
WHERE c.customer_id = '{customer_id}'
  AND c.status = 'succeeded'
  AND c.created >= DATE '{from_date}'
  AND c.created < DATE '{to_date}' + INTERVAL '1' DAY
ORDER BY c.created
