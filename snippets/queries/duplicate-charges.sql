WITH payments AS (
  SELECT
    c.id AS charge_id,
    c.invoice_id,
    c.amount,
    c.currency,
    c.created,
    c.captured,
    c.disputed,
    c.amount_refunded,
    sum(CASE WHEN c.captured THEN 1 ELSE 0 END) OVER (PARTITION BY c.invoice_id) AS captured_on_invoice,
    row_number() OVER (PARTITION BY c.invoice_id, c.captured ORDER BY c.created) AS nth_on_invoice,
    lag(c.created) OVER (PARTITION BY c.invoice_id, c.captured ORDER BY c.created) AS previous_created
  FROM charges c
  WHERE c.customer_id = '{customer_id}'
    AND c.status = 'succeeded'
    AND c.created >= DATE '{from_date}'
    AND c.created < DATE '{to_date}' + INTERVAL '1' DAY
)
SELECT
  charge_id,
  invoice_id,
  amount,
  currency,
  date_format(created, '%Y-%m-%d %H:%i') AS created_utc,
  date_diff('minute', previous_created, created) AS minutes_after_previous,
  disputed,
  amount_refunded,
  CASE
    WHEN NOT captured THEN 'hold'
    WHEN invoice_id IS NULL THEN 'single'
    WHEN captured_on_invoice > 1 AND nth_on_invoice > 1 THEN 'later_duplicate'
    WHEN captured_on_invoice > 1 THEN 'first_payment'
    ELSE 'single'
  END AS finding
FROM payments
ORDER BY created
