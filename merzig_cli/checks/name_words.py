"""Small hand-kept word sets for the name detector (:mod:`merzig_cli.checks.names`).

The big lists (first names, surnames, German nouns, places) come from public
sources in ``names.txt.gz``; these sets hold the closed word classes those
lists lack: titles, articles, adverbs, verbs that follow a subject, the
words of kinship and roles that stand before a name, name particles, the
places of the district, and letters German does not use.
"""

from __future__ import annotations

TITLES = frozenset(
    "Frau Herr Herrn Familie Fam Mr Mrs Ms Miss Dr Prof Sr Sra Madame Monsieur".split()
)
CUES = frozenset({"heißt", "heisst", "namens", "Name", "genannt"})
# Kinship and roles: "Onkel Awet", "die Betreuerin Nicole Bauer", "laut Tesfay".
KIN = frozenset(
    """Onkel Tante Bruder Schwester Cousin Cousine Mutter Vater Sohn Tochter Neffe Nichte Oma
Opa Großmutter Großvater Ehemann Ehefrau Mann Freund Freundin Vormund Vormundin Betreuer
Betreuerin Pate Patin Mentor Mentorin Lehrer Lehrerin Klassenlehrer Klassenlehrerin Ausbilder
Ausbilderin Ansprechpartner Ansprechpartnerin Kollege Kollegin Dolmetscher Dolmetscherin
Sozialarbeiter Sozialarbeiterin Berater Beraterin Chef Chefin Mitbewohner Mitbewohnerin
Nachbar Nachbarin Schüler Schülerin laut Laut""".split()
)
# Before a noun, not before a name: articles and determiners ("im Mai", "die Rose").
ARTICLES = frozenset(
    """der die das den dem des ein eine einen einem einer eines kein keine keinen
keinem keiner mein meine meinen meinem meiner dein deine sein seine seinen seinem seiner ihr
ihre ihren ihrem ihrer unser unsere unseren unserem euer eure jeden jede jeder jedes diese
dieser dieses diesen welche welcher welches zum zur im am vom beim ins ans neue neuen neuer
alle allen viele mehrere einige the a an my our this that""".split()
)
# After a noun, hardly after a name: the genitive article ("Art der Anerkennung").
GENITIVE = frozenset({"der", "des", "eines", "einer", "dieser", "dieses", "of"})
# Capitalised words that are no names and no nouns of Wiktionary: pronouns,
# sentence starters, adverbs, greetings, placeholders, everyday English.
COMMON = frozenset(
    """Beim Im Am Zum Zur Vom Ins Aufs Ich Wir Sie Er Es Du Ihr Man Mein Meine Meinen Dein Sein Seine Ihre Unser
Unsere Der Die Das Den Dem Des Ein Eine Einen Kein Keine Dies Diese Dieser Wie Was Wer Wo Wann
Warum Wieso Welche Welcher Welches Wohin Woher Kann Können Könnte Darf Dürfen Muss Müssen Soll
Sollen Will Gibt Gab Hat Haben Ist Sind War Bin Hallo Guten Sehr Bitte Danke Ja Nein Auch Und
Oder Aber Doch Noch Schon Seit Ab Im Am Zum Zur Für Mit Bei Nach Ohne Von Vom Aus In An Auf Bis
Über Unter Neue Neuer Junger Junge Jungen Alte Alter Erste Zweite Deutsch Deutsche Deutschen
Deutscher Englisch Arabisch Türkisch Russisch Ukrainisch Persisch Französisch Hello Hi Please
Can Could Would Should Shall May Might Must Will Where What How Who Which When Why Is Are Do Does
Did My The Our Your Their His Her Good Thank Thanks Dear Yes No Not And Or But Hope Blue Card
Center I We You He She They It This That These Those There Here If Then So All Any Some Case
Einer Eines Keiner Jemand Niemand Beide Alle Viele Manche Andere Jeder Jede Jedes Mehrere
Help Need Want Work Job Visa German English Free New Old Young Family Office Service Services
Tag Tage Morgen Abend Anruf Anfrage Frage Termin Kontakt Familie Mutter Vater Sohn Tochter Kind
Kinder Mann Frau Eltern Bruder Schwester Person Leute Beispiel Zeit Jahr Jahre Jahren Monat
Monate Woche Wochen Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag Januar Februar
März April Mai Juni Juli August September Oktober November Dezember Sommer Winter Frühling
Herbst Hilfe Geld Arbeit Schule Kita Stelle Amt Stadt Kreis Land Haus Wohnung Karte Antrag Kurs
Zwei Drei Vier Fünf Sechs Sieben Acht Neun Zehn Elf Zwölf Freie Kitas Meister Chef
Heute Gestern Jetzt Dann Danach Davor Leider Außerdem Deshalb Trotzdem Zurzeit Bisher Bislang
Inzwischen Derzeit Vermutlich Eventuell Vielleicht Hier Dort Damit Darum Zuerst Zuletzt
Insgesamt Aktuell Momentan Anschließend Ebenfalls Zudem Nun Also Sonst Eigentlich Wahrscheinlich
Hoffentlich Erst Nur Immer Oft Manchmal Bald Später Früher Gleichzeitig Zusätzlich Allerdings
Jedoch Daher Dadurch Somit Ansonsten Kürzlich Diesmal Letzte Letzter Nächste Nächster Nächsten
Gute Guter Gutes Gut Neu Weitere Weiterer Weiteres Erneut Wieder Weiterhin Telefonisch Persönlich
Schriftlich Mündlich Laut Kurz Lange Fragt Lebt Wohnt Sucht Braucht Kommt Möchte Wollte Wurde
Würde Sollte Konnte Hatte Waren Wird Werden Bleibt Geht Arbeitet Meldet Bittet Hätte Wäre
Unbekannt Anonym Ohne Unbegleitet Keine Ehemalig Ehemaliger Ehemalige Minderjährig Volljährig
Sowie Sobald Falls Wenn Weil Obwohl Während Nachdem Bevor Ob Dass Laut Gemäß Wegen Trotz
Zwischen Gegen Hinter Neben Vor Bzw Ca Evtl Ggf Inkl Usw Vgl Zzgl Erledigt Offen Geplant
Abgeschlossen Beantragt Bewilligt Abgelehnt Vereinbart Zugesagt Begonnen Bestanden
Dabei Daneben Entweder Weder Besonders Wovon Woran Womit Wofür Worauf Darauf Daraus Dazu Deswegen
Ebenso Genauso Zwar Sogar Bereits Etwa Mittlerweile Schließlich Endlich Plötzlich Natürlich
Vorher Nachher Vorhin Mo Di Mi Do Fr Sa So Kurmancî Kurmanci Soranî Sorani Türkçe Français Español Română Português
Русский Українська Tigrinya Tigrigna
Caritas Diakonie Awo Malteser Johanniter Kolping Paritätische Paritätischer Lebenshilfe
Tafel Jobcenter Volkshochschule Arbeitsagentur Ausländerbehörde Kreisverwaltung""".split()
)  # the last lines: welfare organisations and offices, which name lists may hold as names
# Lower-case words that are also first names of the lists ("davon", "anders").
LOWER_STOP = frozenset(
    """davon davor danach dabei dafür dagegen daher damit darum solange anders also per max
long son else line just elf mark will man ehre rose kurt""".split()
)
# Verbs that follow a person named as the subject: "Lamin fragt", "Senait möchte".
SUBJECT_VERBS = frozenset(
    """ist hat war wird will kann muss soll darf möchte mag hatte wurde würde könnte sollte
wollte musste durfte ging kam sagt sagte meint meinte fragt fragte sucht suchte braucht
brauchte wohnt wohnte lebt lebte kommt kam arbeitet arbeitete geht bekommt bekam erhält erhielt
macht machte lernt lernte besucht besuchte spricht sprach schafft schaffte beginnt begann
bringt brachte zeigt zeigte übernimmt berichtet berichtete erzählt erzählte nimmt nahm
wartet wartete bittet bat meldet meldete ruft rief spielt spielte hofft hoffte plant plante
kennt kannte weiß wusste bleibt blieb zieht zog beantragt beantragte schreibt schrieb liest
hilft half bietet bot findet fand sieht sah steht stand sitzt saß fährt fuhr läuft lief
versteht verstand besteht bestand verdient verdiente lernt träumt wünscht wünschte benötigt
möchten haben sind waren wohnen leben kommen suchen brauchen wollen können müssen""".split()
)
# Words that join the parts of a name: "al-Hassan", "van der Berg", "bin Rashid".
PARTICLES = frozenset(
    """al el as ad ash at an ar az ul bin bint ibn ben abu abd abdel abdul ould haj hadj
von vom van der den de da das di do dos du del della la le zu zur ter ten y e""".split()
)
# Particles that stand only inside a name: "van der Berg", "Ahmad bin Rashid" (not "von",
# which is a German word as well).
STRONG_PARTICLES = frozenset("van al el bin bint ibn ben abu abd ould ter ten dos della".split())
# Words that mark a firm, not a person: "Villeroy & Boch", "Müller GmbH".
FIRM = frozenset({"&", "GmbH", "AG", "KG", "OHG", "Co", "SE", "eG", "Werk", "Werke"})
# The towns and villages of the district and its neighbours: the lists know few of them.
LOCAL_PLACES = frozenset(
    """Merzig Wadern Losheim Mettlach Beckingen Perl Weiskirchen Hilbringen Brotdorf
Besseringen Bietzen Büdingen Harlingen Hilbringen Mechern Menningen Merchingen Schwemlingen
Wellingen Schwemlingen Ballern Mondorf Fitten Saarhölzbach Orscholz Nennig Tünsdorf Sinz
Borg Oberleuken Kesslingen Besch Keßlingen Weiten Britten Bachem Rimlingen Wahlen Reimsbach
Haustadt Honzrath Düppenweiler Oppen Rissenthal Nunkirchen Noswendel Lockweiler Dagstuhl
Bardenbach Morscholz Steinberg Wedern Krettnich Gehweiler Konfeld Thailen Rappweiler
Dillingen Saarlouis Saarwellingen Rehlingen Siersburg Wallerfangen Schmelz Lebach Völklingen
Saarbrücken Homburg Neunkirchen Sankt Wendel Trier Luxemburg Saarburg Schengen Remich""".split()
)
PLACE_ENDINGS = (
    "dorf", "bach", "hausen", "heim", "ingen", "burg", "berg", "feld", "stadt", "weiler",
    "born", "kirchen", "brücken", "hofen", "lach", "hölzbach", "thal", "tal",
)  # fmt: skip
# Letters of German words (and of "Café"); any other letter is a sign of a name.
GERMAN_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzäöüßéè'’-")
# Frequent German surnames that are nouns as well ("Müller", "Weber") but no job of today,
# colour, animal or adjective one would write as a code word: in a pseudonym, names.
FREQUENT_SURNAMES = frozenset(
    """Müller Schmidt Weber Meyer Wagner Becker Schulz Hoffmann Schröder Neumann Zimmermann
Krüger Hartmann Lange Werner Krause Lehmann Schmitz Schmitt Krämer Meier Maier Mayer Huber
Schäfer Köhler Herrmann Walter Peters Scholz Möller Hahn Schubert Keller Berger Beck Lorenz
Baumann Franke Albrecht Simon Ludwig Böhm Martin Schumacher Vogt Otto Seidel Heinrich Brandt
Haas Schulte Dietrich Ziegler Kuhn Pohl Bergmann Thomas Voigt Arnold Pfeiffer Hofmann
Friedrich Günther Winkler""".split()
)
# Words a person's name follows without an article: "mit Senait", "hat Dawit", "für Abebe".
BEFORE_PERSON = frozenset(
    "mit für von an laut hat ist war wird wurde sagt sagte meint fragt fragte kennt kann soll "
    "will möchte braucht bittet betreut begleitet".split()
)
# Small words of German prose: a text written small with two of them is a sentence.
SMALL_WORDS = ARTICLES | frozenset(
    "und ist hat mit für ich sie er wir nicht auch noch von zu bei auf war wird".split()
)
# Endings of adjectives used as nouns for people ("ein Zugezogener", "die Deutsche").
ADJECTIVE_NOUNS = ("ener", "ter", "tete", "ige", "iger", "ene", "ische", "ischer", "sche")
# Endings of German nouns and substantivised adjectives, which no name list can hold all of.
NOUN_ENDINGS = (
    "ung", "heit", "keit", "schaft", "tion", "ismus", "tät", "ment", "nis", "tum", "ling",
    "es", "ei", "ie", "ik", "ur", "enz", "anz",
)  # fmt: skip
