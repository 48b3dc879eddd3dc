"""Word lists for the synthetic German text of the demo site.

The lists are hand-written for this project (no copied sentences). Noun phrases are stored
lower-case-first with their grammatical case already applied, so the templates in
`textgen` can glue them together without any morphology. Lists are kept as '|'-separated
text blocks so they stay compact under the code formatter.
"""

from __future__ import annotations


def _items(text: str) -> tuple[str, ...]:
    """Split a '|'-separated block into stripped items (newlines are just whitespace)."""
    return tuple(" ".join(item.split()) for item in text.split("|") if item.strip())


SECTIONS: tuple[tuple[str, str], ...] = (
    ("politik", "Politik"),
    ("wirtschaft", "Wirtschaft"),
    ("welt", "Welt"),
    ("kultur", "Kultur"),
    ("sport", "Sport"),
    ("wissenschaft", "Wissenschaft"),
)

MONTHS: tuple[str, ...] = _items("""
Januar | Februar | März | April | Mai | Juni | Juli | August | September | Oktober | November |
Dezember
""")

# Nominative subjects (singular, third person).
SUBJECTS: tuple[str, ...] = _items("""
die Bundesregierung | der Finanzminister | die Außenministerin | der Bürgermeister | die
Opposition | das Verfassungsgericht | die Zentralbank | der Branchenverband | eine Sprecherin
des Ministeriums | der Konzern | die Gewerkschaft | das Forschungsteam | der Trainer | die
Intendantin | die EU-Kommission | der Landrat | die Polizei | das Institut | der Vorstand | die
Stadtverwaltung | die Landesregierung | der Aufsichtsrat | die Kulturstiftung | der Weltverband
| die Staatsanwaltschaft | das Bündnis | die Vereinten Nationen | der Bauernverband | die
Klinikleitung | der Vereinspräsident | die Wirtschaftsministerin | der Kanzler | die Fraktion
""")

# Speakers for quotes (nominative, after "sagte").
SPEAKERS: tuple[str, ...] = _items("""
der Finanzminister | die Außenministerin | ein Regierungssprecher | die Vorsitzende des
Ausschusses | der Präsident des Verbandes | die Trainerin | der Museumsdirektor | die
Studienleiterin | ein Sprecher der Polizei | die Bürgermeisterin | der Vorstandschef | eine
Ökonomin | der Kapitän | die Regisseurin | ein Diplomat | die Gewerkschaftschefin | der
Klimaforscher
""")

# (simple past, participle, present plural) of transitive verbs without separable prefix.
_VERB_FORMS = _items("""
kritisierte kritisiert kritisieren | verteidigte verteidigt verteidigen | prüfte geprüft prüfen
| begrüßte begrüßt begrüßen | forderte gefordert fordern | unterstützte unterstützt unterstützen
| bestätigte bestätigt bestätigen | verschob verschoben verschieben | beschloss beschlossen
beschließen | plante geplant planen | bezweifelte bezweifelt bezweifeln | kommentierte
kommentiert kommentieren | untersuchte untersucht untersuchen | veröffentlichte veröffentlicht
veröffentlichen | verhandelte verhandelt verhandeln | bewertete bewertet bewerten | stoppte
gestoppt stoppen | finanzierte finanziert finanzieren
""")
VERBS: tuple[tuple[str, str, str], ...] = tuple(
    (p[0], p[1], p[2]) for p in (item.split() for item in _VERB_FORMS)
)

# Accusative objects.
OBJECTS: tuple[str, ...] = _items("""
den Gesetzentwurf | die neue Strategie | das Sparpaket | den Haushaltsplan | die Reform der
Rente | einen Kompromiss | die Sanktionen | das Abkommen | den Bericht | eine Untersuchung | die
Zahlen des Quartals | den Ausbau der Netze | das Förderprogramm | die Preiserhöhung | den
Trainerwechsel | die Ausstellung | das Urteil | die Studie | die Verhandlungen | den Neubau des
Stadions | die Fusion | das Klimaziel | den Streik | die Ausschreibung | das Festival | die
Impfkampagne | den Ausbau der Bahnstrecke | die Mietpreisbremse | das Forschungsprojekt | die
Grenzkontrollen | den Etat für Kultur | die Tarifeinigung
""")

PLACES: tuple[str, ...] = _items("""
Berlin | Hamburg | München | Köln | Frankfurt | Leipzig | Dresden | Stuttgart | Brüssel | Paris
| Warschau | Kiew | Wien | Rom | Madrid | Washington | Peking | Genf | Hannover | Bremen |
Nürnberg | Erfurt | Mainz | Kiel | Rostock | Düsseldorf | Straßburg | London | Ankara | Tokio |
Prag | Kopenhagen
""")

TIMES: tuple[str, ...] = _items("""
am Montag | am Dienstag | am Mittwoch | am Donnerstag | am Freitag | am Samstag | am Sonntag |
in der vergangenen Woche | nach langen Beratungen | überraschend | bereits am Vormittag | zum
wiederholten Mal | in einer schriftlichen Erklärung | am späten Abend | vor Journalisten | nach
einer Sondersitzung
""")

WHEN: tuple[str, ...] = _items("""
bis Ende des Monats | im Herbst | nach der Sommerpause | in den kommenden Wochen | noch vor
Jahresende | im Frühjahr | frühestens im nächsten Jahr | zeitnah
""")

# Dative groups after "von".
CRITICS: tuple[str, ...] = _items("""
der Opposition | mehreren Verbänden | Umweltschützern | Ökonomen | den Gewerkschaften |
Anwohnern | Fachleuten | Elternvertretern | den Kommunen
""")

# Genitive sources after "Nach Angaben".
SOURCES_GEN: tuple[str, ...] = _items("""
der Behörden | des Ministeriums | der Veranstalter | des Statistikamts | der Feuerwehr | des
Unternehmens | der Organisatoren | des Verbandes
""")

GROUPS: tuple[str, ...] = _items("""
Menschen | Haushalte | Beschäftigte | Betriebe | Schulen | Pendler | Patienten | Zuschauer |
Studierende | Familien
""")

ISSUES: tuple[str, ...] = _items("""
den Ausfällen | der Neuregelung | den Kürzungen | dem Hochwasser | den Sperrungen | der
Hitzewelle | den Lieferengpässen | der Preissteigerung | dem Stromausfall
""")

SIGNALS: tuple[str, ...] = _items("""
Signal | Zeichen | Wendepunkt | Rückschlag | Erfolg | Warnung | Testfall
""")

ADJECTIVES: tuple[str, ...] = _items("""
schwierig | notwendig | überfällig | riskant | vernünftig | teuer | mutig | umstritten |
entscheidend | unklar
""")

HEADINGS: tuple[str, ...] = _items("""
Kritik aus {place} | Wie geht es weiter? | Reaktionen der Opposition | Hintergrund | Kosten in
Millionenhöhe | Was Fachleute sagen | Offene Fragen | Die Lage in {place} | Ein langer Streit |
Blick nach {place} | Erste Ergebnisse | Zahlen und Fakten
""")

TAGS: tuple[str, ...] = _items("""
Russland | Ukraine | Bundestag | Klimawandel | Energie | Inflation | EU | Migration | Bundesliga
| Forschung | Gesundheit | Bildung | Verkehr | Wahlen | Nahost | China | USA | Haushalt |
Digitalisierung | Kunst | Theater | Film | Musik | Olympia | Fußball | Raumfahrt | KI | Umwelt |
Justiz | Arbeitsmarkt
""")

OUTLETS: tuple[str, ...] = _items("""
CNN | BBC | Reuters | dpa | AFP | AP | The Guardian | Al Jazeera | Der Standard | NZZ
""")

AGENCIES: tuple[str, ...] = _items("""
dpa | AFP | Reuters | epd | KNA
""")

FIRST_NAMES: tuple[str, ...] = _items("""
Anna | Lukas | Marie | Jonas | Sophie | Felix | Laura | Paul | Lea | Tobias | Hannah | Moritz |
Julia | Niklas | Clara | Jan | Katharina | Stefan | Miriam | Florian | Sabine | Thomas | Nora |
Daniel | Ines | Malte | Greta | Yusuf | Elif | Piotr
""")

LAST_NAMES: tuple[str, ...] = _items("""
Schmidt | Müller | Schneider | Fischer | Weber | Meyer | Wagner | Becker | Hoffmann | Schäfer |
Koch | Bauer | Richter | Klein | Wolf | Schröder | Neumann | Schwarz | Zimmermann | Braun |
Krüger | Hartmann | Lange | Weiß | Krause | Lehmann | Köhler | Demir | Nowak | Jansen
""")

PHOTO_AGENCIES: tuple[str, ...] = _items("""
dpa | AFP | Reuters | AP | Getty Images | picture alliance | imago | epa
""")

CAPTION_SCENES: tuple[str, ...] = _items("""
Blick auf das Regierungsviertel in {place} | Demonstranten versammeln sich vor dem Rathaus in
{place} | Einsatzkräfte sichern eine Straße in {place} | Besucher in einer Ausstellungshalle in
{place} | Spieler jubeln nach dem Abpfiff in {place} | Eine Forscherin arbeitet in einem Labor
in {place} | Delegierte verlassen den Sitzungssaal in {place} | Container stapeln sich im Hafen
von {place} | Pendler warten auf einem Bahnsteig in {place} | Ein Sprecher gibt eine
Pressekonferenz in {place}
""")

COMMENTS: tuple[str, ...] = _items("""
Endlich bewegt sich etwas. | Das hätte man früher wissen können. | Mich würde interessieren, wer
das bezahlt. | Guter Artikel, danke für die Einordnung. | Ich sehe das deutlich skeptischer. |
Abwarten, was davon am Ende übrig bleibt. | Wieder einmal auf Kosten der Steuerzahler. | Sehr
ausgewogen geschrieben.
""")

PRODUCTS: tuple[str, ...] = _items("""
Smartwatch | Kaffeevollautomat | Fahrradhelm | Gartenmöbel-Set | Reisekoffer | Stromtarif |
Zeitschriften-Abo | Kopfhörer
""")
