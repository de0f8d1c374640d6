"""Words that carry no subject matter, and so are never evidence for an actor.

Function words (articles, pronouns, prepositions, auxiliaries) and empty
words that any question may contain ("lassen", "brauchen", "gesucht",
"Jahre"). The word index is made with these lists, so the stored index
(:mod:`.index_cache`) is bound to this file's source.
"""

from __future__ import annotations

# Closed word classes of German and simple English questions.
_FUNCTION_TEXT = """
aber alle allem allen aller alles als also am an andere anderen anderes auch auf aus bei
beim bin bis bist bitte bzw da dabei dafuer dagegen damit dann daran darauf darf darum das
dass davon dazu dem den denen denn der deren des dich die dies diese diesem diesen dieser
dieses doch dort du durch ein eine einem einen einer eines er es etwa etwas euch euer eure
fuer gegen habe haben hast hat hatte hatten hier ich ihm ihn ihnen ihr ihre ihrem ihren
ihrer im in ins ist ja jede jedem jeden jeder jedes jemand jemanden jetzt kann kannst kein
keine keinem keinen keiner koennen koennt koennte koennten man mein meine meinem meinen
meiner mich mir mit muss musst muessen nach nein nicht nichts noch nun nur ob oder ohne
sein seine seinem seinen seiner seit sich sie sind so soll sollen sollte sondern sowie
ueber um und uns unser unsere unserem unseren unserer unter vom von vor waere war waren
warum was weil welche welchem welchen welcher welches wem wen wenn wer werde werden weshalb
wie wieso wieder will wir wird wo woher wohin wollen wurde wuerde wuerden zu zum zur zwischen
a about an and any are as at be been but by can could do does for from get got had has
have he her his how i if in into is it its me my no not of on or our she so some than that
the their them then there these they this those to us was we were what when where which
who why will with would you your don doesn didn isn aren wasn won wouldn couldn shouldn
"""
# Words any question may hold that point to no actor: verbs of wanting, needing,
# asking and getting, fillers, greetings, time and counting words, and the
# place every asker lives in.
_EMPTY_TEXT = """
ab also bald bekomme bekommen bekommt brauch brauche brauchen braucht bzw dauert dringend
eigentlich einfach endlich erst erste ersten frage fragen fragt ganz gehen geht gemacht
genau gerade gerne gern gesucht gibt gibts gilt gleich gut guten hallo heute hi hilft hoffe
immer info infos information informationen irgendwie jahr jahre jahren kommen kommt kriege
kriegen lange lassen laesst lasse leider letzte letzten machen mache macht mal mehr moechte
moechten moegen monat monate monaten morgen muesste neu neue neuen neuer oft problem
probleme richtig sagen sagt schnell schon sehr seit sofort sowas suche suchen sucht tag tage
tagen tun tut viel viele vielen vielleicht vielmals weiss weiter weitere wenig wichtig
wissen woche wochen wollte wuensche danke dank zustaendig zustaendige zustaendigen
zustaendigkeit finde finden findet gefunden beachten anfangen beginnen start starten klein
kleine kleiner gross grosse grosser hilfe helfen hilft unterstuetzung unterstuetzen
unterstuetzt niemand niemandem leute person personen sache sachen ding dinge spreche sprichst spricht
sprechen verstehe versteht verstehen
worden geworden komme kam kamen gekommen gehe ging gegangen nehme nimmt nehmen genommen gebe
geben gegeben stehe steht stehen gestanden sitzt sitzen liegt liegen bleibe bleibt bleiben
geblieben reicht reichen passiert passieren klappt klappen funktioniert erklaeren erklaert
wende wenden wendet schicke schicken schickt gesagt erzaehlt erzaehlen glaube glauben denke
denken kenne kennen kennt weg hause zuhause daheim eigene eigenen eigener eigenes ende anfang
egal ok okay wirklich naechste naechsten gestern heisst moeglich moeglichkeit irgendwo
irgendwas erhalten erhalte erhaelt bekomme bekam lebe lebt lebst leben gelebt krieg kriegt
eins zwei drei vier fuenf sechs sieben acht neun zehn elf zwoelf zwanzig hundert
deutschland germany merzig saarland please thanks hello need needs want wants looking know
help support find start speak speaks understand month months week weeks year years day days
time times hour hours someone somebody anyone anybody something anything people person thing
things get gets got getting go goes going went come came coming ask asked tell told say said
hear heard here there now new really also just already still only much many more like next
last first one two three four five six seven eight nine ten
"""
FUNCTION_WORDS = frozenset(_FUNCTION_TEXT.split())
EMPTY_WORDS = frozenset(_EMPTY_TEXT.split())
STOPWORDS = FUNCTION_WORDS | EMPTY_WORDS
