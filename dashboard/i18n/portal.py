"""The deliveries portal (``/aanleveren``, ``dashboard/portal.py``) and the provenance line of
delivered figures."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "delivered_by": {"nl": "aangeleverd door {org}, {date}", "en": "delivered by {org}, {date}"},
    "portal_title": {"nl": "Aanleveren", "en": "Deliver data"},
    "portal_logged_in_as": {"nl": "Ingelogd als", "en": "Logged in as"},
    "portal_logout": {"nl": "Uitloggen", "en": "Log out"},
    "portal_username": {"nl": "Gebruikersnaam", "en": "User name"},
    "portal_password": {"nl": "Wachtwoord", "en": "Password"},
    "portal_login": {"nl": "Inloggen", "en": "Log in"},
    "portal_login_note": {
        "nl": "Alleen voor gemeenten, CBS en BZK die kernindicatoren aanleveren; het dashboard zelf is openbaar.",
        "en": "Only for municipalities, CBS and BZK delivering core indicators; the dashboard itself is public.",
    },
    "portal_login_failed": {
        "nl": "Gebruikersnaam of wachtwoord onjuist.",
        "en": "User name or password incorrect.",
    },
    "portal_rate_limited": {
        "nl": "Te veel mislukte pogingen; probeer het over 15 minuten opnieuw.",
        "en": "Too many failed attempts; try again in 15 minutes.",
    },
    "portal_csrf": {
        "nl": "Het formulier is verlopen of niet van deze site (CSRF-controle); open de pagina opnieuw en probeer het nog eens.",
        "en": "The form expired or did not come from this site (CSRF check); reopen the page and try again.",
    },
    "portal_too_large": {
        "nl": "Het bestand is te groot; de grens is {mb} MB. Lever minder rijen per bestand aan.",
        "en": "The file is too large; the limit is {mb} MB. Deliver fewer rows per file.",
    },
    "portal_template": {"nl": "1. Sjabloon", "en": "1. Template"},
    "portal_template_text": {
        "nl": "Het sjabloon bevat uw focusgebieden en de kernindicatoren zonder open bron. Vul per rij een waarde in; "
        "buurt- of wijkcodes mogen ook (percentages dan met teller en noemer). Lege rijen worden overgeslagen.",
        "en": "The template lists your focus areas and the core indicators without an open source. Fill in a value "
        "per row; buurt or wijk codes are fine too (percentages then with numerator and denominator). Empty rows are skipped.",
    },
    "portal_template_xlsx": {"nl": "Sjabloon (Excel, .xlsx)", "en": "Template (Excel, .xlsx)"},
    "portal_template_csv": {"nl": "Sjabloon (CSV)", "en": "Template (CSV)"},
    "portal_upload": {"nl": "2. Bestand controleren", "en": "2. Check a file"},
    "portal_file": {"nl": "Bestand (.xlsx of .csv, hoogstens 5 MB)", "en": "File (.xlsx or .csv, at most 5 MB)"},
    "portal_check": {"nl": "Controleren", "en": "Check"},
    "portal_no_file": {"nl": "Kies een bestand om te controleren.", "en": "Choose a file to check."},
    "portal_report": {"nl": "Controle", "en": "Check"},
    "portal_rejected_1": {"nl": "Afgewezen: 1 probleem", "en": "Rejected: 1 problem"},
    "portal_rejected_n": {"nl": "Afgewezen: {n} problemen", "en": "Rejected: {n} problems"},
    "portal_rejected_text": {
        "nl": "Er is niets opgeslagen. Verbeter het bestand op de rijen hieronder en lever het opnieuw aan.",
        "en": "Nothing was stored. Correct the file on the rows below and deliver it again.",
    },
    "portal_problems_caption": {
        "nl": "Wat er mis is, per rij en kolom van uw bestand (rij 1 is de kopregel)",
        "en": "What is wrong, by row and column of your file (row 1 is the header row)",
    },
    "portal_col_row": {"nl": "Rij", "en": "Row"},
    "portal_col_column": {"nl": "Kolom", "en": "Column"},
    "portal_col_problem": {"nl": "Probleem", "en": "Problem"},
    "portal_whole_file": {"nl": "hele bestand", "en": "whole file"},
    "portal_new_file": {"nl": "Een verbeterd bestand kiezen", "en": "Choose a corrected file"},
    "portal_preview_caption": {
        "nl": "Voorbeeld: de eerste {shown} van {n} rijen",
        "en": "Preview: the first {shown} of {n} rows",
    },
    "portal_provenance_preview": {
        "nl": "Na bevestigen staat bij deze cijfers in het dashboard: “{text}”.",
        "en": "Once confirmed, the dashboard shows these figures as “{text}”.",
    },
    "portal_provenance_stored": {
        "nl": "Bij deze cijfers staat in het dashboard: “{text}”.",
        "en": "The dashboard shows these figures as “{text}”.",
    },
    "portal_to_dashboard": {"nl": "Naar het dashboard", "en": "To the dashboard"},
    "portal_upload_hint": {
        "nl": "Na het controleren ziet u per rij wat er eventueel mis is. Er wordt pas iets opgeslagen als u bevestigt.",
        "en": "After the check you see, row by row, anything that is wrong. Nothing is stored until you confirm.",
    },
    "portal_footer": {
        "nl": "Aanleveren van kernindicatoren voor Zicht op Focuswijken. Het dashboard zelf is openbaar.",
        "en": "Delivering core indicators to Focus Areas in View. The dashboard itself is public.",
    },
    "portal_col_action": {"nl": "Actie", "en": "Action"},
    "portal_delivery_n": {"nl": "levering {id}", "en": "delivery {id}"},
    "portal_checked_ok": {
        "nl": "In orde: {n} rijen. Bevestig om ze aan te leveren.",
        "en": "All right: {n} rows. Confirm to deliver them.",
    },
    "portal_more_problems": {"nl": "… en nog {n} problemen", "en": "… and {n} more problems"},
    "portal_skipped": {"nl": "({n} lege rijen overgeslagen.)", "en": "({n} empty rows skipped.)"},
    "portal_confirm": {"nl": "Bevestigen en aanleveren", "en": "Confirm and deliver"},
    "portal_cancel": {"nl": "Annuleren", "en": "Cancel"},
    "portal_back": {"nl": "Terug", "en": "Back"},
    "portal_stored": {
        "nl": "Levering {id} is opgeslagen ({n} rijen); de cijfers staan nu in het dashboard.",
        "en": "Delivery {id} was stored ({n} rows); the figures are now in the dashboard.",
    },
    "portal_withdrawn": {"nl": "Levering {id} is ingetrokken.", "en": "Delivery {id} was withdrawn."},
    "portal_history": {"nl": "3. Uw leveringen", "en": "3. Your deliveries"},
    "portal_no_history": {"nl": "Nog geen leveringen.", "en": "No deliveries yet."},
    "portal_col_id": {"nl": "Nr.", "en": "No."},
    "portal_col_date": {"nl": "Datum", "en": "Date"},
    "portal_col_file": {"nl": "Bestand", "en": "File"},
    "portal_col_rows": {"nl": "Rijen", "en": "Rows"},
    "portal_col_status": {"nl": "Status", "en": "Status"},
    "portal_current": {"nl": "actueel", "en": "current"},
    "portal_status_accepted": {"nl": "aanvaard", "en": "accepted"},
    "portal_status_withdrawn": {"nl": "ingetrokken", "en": "withdrawn"},
    "portal_status_superseded": {"nl": "vervangen", "en": "superseded"},
    "portal_withdraw": {"nl": "Intrekken", "en": "Withdraw"},
}
