SELECT
  i.number AS invoice_number,
  date_format(i.created, '%Y-%m-%d') AS issued_utc,
  i.currency,
  i.total_excluding_tax,
  i.total - i.total_excluding_tax AS tax,
  i.total,
  i.customer_tax_exempt AS exempt_on_invoice,
  cu.tax_exempt AS exempt_now,
  CASE
    WHEN i.total - i.total_excluding_tax = 0 AND i.customer_tax_exempt = 'reverse' THEN 'reverse_charge'
    WHEN i.total - i.total_excluding_tax = 0 THEN 'no_tax'
    WHEN i.customer_tax_exempt = 'exempt' THEN 'taxed_while_exempt'
    WHEN cu.tax_exempt = 'exempt' THEN 'taxed_before_exemption'
    ELSE 'taxed'
  END AS finding
FROM invoices i
JOIN customers cu ON cu.id = i.customer_id
WHERE i.customer_id = '{customer_id}'
  AND i.status IN ('open', 'paid')
  AND i.created >= DATE '{from_date}'
  AND i.created < DATE '{to_date}' + INTERVAL '1' DAY
ORDER BY i.created
