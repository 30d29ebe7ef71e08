/* pmreport.h: the patient-material figures (pmcheck.h) for people and for
 * programs: a text report for `trifold check`, a JSON object for
 * `trifold check --json`, and one diagnostic per missed threshold, naming
 * the edition (errors for check, warnings for build). */
#ifndef TF_PMREPORT_H
#define TF_PMREPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "json.h"
#include "pmcheck.h"

void tf_pmreport_print(FILE *out, const tf_pm_report *r);
/* One edition as a JSON object (the caller writes the array around it). */
void tf_pmreport_json(tf_json *j, const tf_pm_report *r);
/* The same object left open, for more members (the layout report); the
 * caller closes it. */
void tf_pmreport_json_open(tf_json *j, const tf_pm_report *r);
/* Report every threshold the edition misses through diag: as errors when
 * `as_errors` (check), else as warnings (build). Line length outside the
 * guidance is a warning, from check only. */
void tf_pmreport_diagnose(const tf_pm_report *r, bool as_errors);

/* "attachment-en", "attachment-riverside-es", "attachment-en (screen)" into buf. */
const char *tf_pmreport_edition(const tf_pm_report *r, char *buf, size_t size);

#endif
