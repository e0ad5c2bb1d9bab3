/**
 * The script bank: curated tools that every fresh installation starts with, published (see
 * seed-demo-tools.ts). Each tool's script is `src/server/demo-tools/<slug>/tool.py`; this file
 * holds what the Katalog shows and the forms the tool page renders.
 *
 * Tools that read class lists use the runner image's `skolfiler` module
 * (runner-image/lib/skolfiler.py), the helper every tool author can import.
 */
import type { z } from "zod";
import type { CATEGORIES, PROFESSIONS } from "@/lib/domain";
import type { inputFieldSchema, inputSchemaSchema, settingsSchemaSchema } from "@/lib/tool-schemas";

export type ProfessionSlug = (typeof PROFESSIONS)[number]["slug"];
export type CategorySlug = (typeof CATEGORIES)[number]["slug"];

export interface DemoTool {
  slug: string;
  title: string;
  /** One plain Swedish sentence, shown on the Katalog card. */
  summary: string;
  professions: ProfessionSlug[];
  categories: CategorySlug[];
  /** As written here; seeding stores the parsed form (defaults filled in). */
  inputSchema: z.input<typeof inputSchemaSchema>;
  settingsSchema: z.input<typeof settingsSchemaSchema>;
  /** Swedish Markdown: what to upload, what comes out, an example of the expected columns. */
  usageInstructions: string;
  /** Relative to src/server/demo-tools. */
  sourceFile: string;
}

export const DEMO_TOOL_ENTRYPOINT = "run_tool";

/** The class-list file field and the paste-instead text field, shared by several tools. */
const CLASS_LIST_FILE: z.input<typeof inputFieldSchema> = {
  name: "klasslista",
  label: "Klasslista",
  kind: "file",
  accept: [".csv", ".xlsx", ".txt"],
  min: 0,
  max: 1,
  help: "Excel (.xlsx) eller CSV med en kolumn Namn eller Elev (eller Förnamn och Efternamn).",
};

const PASTED_NAMES: z.input<typeof inputFieldSchema> = {
  name: "namnlista",
  label: "… eller klistra in namnen",
  kind: "text",
  maxLength: 20_000,
  help: "Ett namn per rad. Används om du inte laddar upp en fil.",
};

const CLASS_LIST_HELP = `**Klasslistan** kan vara en Excel-fil (.xlsx), en CSV-fil eller en textfil med ett namn per rad –
eller så klistrar du in namnen direkt i rutan. Verktyget hittar själv kolumnen med namn om den heter
*Namn*, *Elev* eller *Elevnamn*, eller om förnamn och efternamn står i två kolumner (*Förnamn*,
*Efternamn*). Namn skrivna som "Efternamn, Förnamn" vänds till "Förnamn Efternamn". Exporter från
skolsystemen fungerar oftast direkt (semikolon eller komma, med eller utan rubrikrad överst).

Exempel:

| Namn | Klass |
|---|---|
| Anna Andersson | 7B |
| Åsa Öberg | 7B |
| Bo Ek | 7B |`;

export const DEMO_TOOLS: DemoTool[] = [
  {
    slug: "gruppindelning",
    title: "Gruppindelning",
    summary: "Delar in klassen i slumpade grupper och ger dig en utskrivbar PDF och en Excel-fil med grupperna.",
    professions: ["larare", "specialpedagog"],
    categories: ["lektionsplanering"],
    inputSchema: [
      CLASS_LIST_FILE,
      PASTED_NAMES,
      {
        name: "gruppstorlek",
        label: "Elever per grupp",
        kind: "integer",
        min: 2,
        max: 10,
        help: "Lämna tomt för att använda din standardstorlek (Inställningar).",
      },
      {
        name: "antal_grupper",
        label: "… eller antal grupper",
        kind: "integer",
        min: 2,
        max: 40,
        help: "Fyll i om du hellre vill bestämma hur många grupper det blir. Då används inte Elever per grupp.",
      },
      {
        name: "hall_isar",
        label: "Håll isär (valfritt)",
        kind: "text",
        maxLength: 5_000,
        help: "Elever som inte ska hamna i samma grupp. Ett par per rad, t.ex. Anna Andersson + Bo Ek. Förnamn räcker om det är unikt.",
      },
      {
        name: "slumpfro",
        label: "Slumpfrö (valfritt)",
        kind: "string",
        maxLength: 100,
        help: "Samma slumpfrö och samma lista ger exakt samma grupper igen. Lämna tomt för nya grupper varje gång.",
      },
      { name: "rubrik", label: "Rubrik", kind: "string", maxLength: 120, help: "T.ex. 7B – Svenska, grupparbete v. 12." },
    ],
    settingsSchema: [
      {
        name: "standard_gruppstorlek",
        label: "Standardstorlek på grupper",
        kind: "integer",
        min: 2,
        max: 10,
        default: 4,
        help: "Används när du lämnar Elever per grupp tomt.",
      },
      {
        name: "rester",
        label: "När det inte går jämnt ut",
        kind: "enum",
        default: "fordela",
        options: [
          { value: "fordela", label: "Fördela de överblivna eleverna på grupperna (några grupper blir en elev större)" },
          { value: "egen_grupp", label: "Låt de överblivna bilda en mindre grupp" },
        ],
      },
    ],
    usageInstructions: `Gör slumpade grupper av en klasslista på några sekunder.

## Så gör du
1. Ladda upp klasslistan (eller klistra in namnen, ett per rad).
2. Välj hur många elever per grupp – **eller** hur många grupper du vill ha.
3. Skriv gärna in elever som inte ska hamna i samma grupp under *Håll isär*, ett par per rad.
4. Tryck **KÖR**.

## Det här får du
- En tabell med grupperna direkt på skärmen.
- **gruppindelning.pdf** – grupperna i stora rutor, redo att skriva ut eller visa på projektorn.
- **gruppindelning.xlsx** – en kolumn per grupp, plus en flik med alla elever i bokstavsordning och deras grupp.
- En *slumpkod*: skriv den i fältet Slumpfrö om du vill få exakt samma grupper igen.

Under **Inställningar** väljer du din standardstorlek på grupper och vad som händer när det inte går jämnt ut
(t.ex. 25 elever i grupper om 4): antingen blir några grupper en elev större, eller så bildar de överblivna en egen mindre grupp.

${CLASS_LIST_HELP}`,
    sourceFile: "gruppindelning/tool.py",
  },
  {
    slug: "vardnadshavare-epost",
    title: "Vårdnadshavares e-post till Bcc",
    summary: "Plockar ut vårdnadshavarnas e-postadresser ur klasslistor till en färdig rad att klistra in i Bcc.",
    professions: ["larare", "skoladministrator", "rektor"],
    categories: ["mentorskap", "administration"],
    inputSchema: [
      {
        name: "klasslistor",
        label: "Klasslistor med e-postadresser",
        kind: "file",
        accept: [".csv", ".xlsx", ".txt"],
        min: 1,
        max: 10,
        required: true,
        help: "En eller flera exporter från skolsystemet (Excel eller CSV). Flera klasser blir en gemensam lista.",
      },
      {
        name: "separator",
        label: "Avgränsare mellan adresserna",
        kind: "enum",
        default: ";",
        options: [
          { value: ";", label: "Semikolon ; (Outlook)" },
          { value: ",", label: "Komma , (Gmail och de flesta andra)" },
        ],
      },
      {
        name: "ta_med_elevadresser",
        label: "Ta med elevernas egna adresser",
        kind: "boolean",
        default: false,
        help: "Normalt hoppar verktyget över kolumner som Elevens e-post.",
      },
    ],
    settingsSchema: [],
    usageInstructions: `Ska du mejla alla vårdnadshavare i klassen? Verktyget gör en färdig rad med adresser
att klistra in i fältet **Bcc** (hemlig kopia), så att ingen ser de andras adresser.

## Så gör du
1. Exportera klasslistan med vårdnadshavarnas kontaktuppgifter från skolsystemet (Excel eller CSV).
   Du kan ladda upp flera klasser på en gång.
2. Välj avgränsare: semikolon för Outlook, komma för Gmail och de flesta andra.
3. Tryck **KÖR**, kopiera raden i den grå rutan och klistra in den i Bcc.

## Det här gör verktyget
- Läser alla kolumner vars rubrik innehåller *e-post*, *epost*, *email* eller *mejl*, t.ex.
  *Vårdnadshavare 1 e-post* och *VH2 E-post* (elevens egen adress hoppas över).
- Gör om alla adresser till små bokstäver och tar bort dubbletter – syskon får bara ett mejl.
- Visar felaktiga adresser i en egen tabell (saknar @, å/ä/ö i adressen, felstavad domän som *gmial.com* …)
  så att du kan rätta dem i skolsystemet.
- Listar elever som saknar adress till vårdnadshavare.
- **bcc-adresser.txt** – samma rad som en textfil.

Exempel på kolumner:

| Elev | Klass | Vårdnadshavare 1 e-post | Vårdnadshavare 2 e-post |
|---|---|---|---|
| Anna Andersson | 7B | maria.andersson@exempel.se | peter.andersson@exempel.se |
| Bo Ek | 7B | lena.ek@exempel.se | |`,
    sourceFile: "vardnadshavare-epost/tool.py",
  },
  {
    slug: "markdown-till-word",
    title: "Markdown till Word",
    summary: "Gör om text skriven i Markdown till ett snyggt Word-dokument med rubriker, listor och tabeller.",
    professions: ["gemensamt", "larare"],
    categories: ["ovrigt", "lektionsplanering"],
    inputSchema: [
      {
        name: "markdownfil",
        label: "Markdown-fil",
        kind: "file",
        accept: [".md", ".markdown", ".txt"],
        min: 0,
        max: 1,
        help: "En .md- eller .txt-fil. Du kan också klistra in texten nedan.",
      },
      {
        name: "markdown",
        label: "… eller skriv/klistra in texten",
        kind: "text",
        maxLength: 40_000,
        help: "# Rubrik, ## Underrubrik, - punktlista, **fetstil**, *kursiv*.",
      },
      { name: "titel", label: "Dokumentets titel (valfri)", kind: "string", maxLength: 200 },
      { name: "innehallsforteckning", label: "Lägg till innehållsförteckning", kind: "boolean", default: false },
    ],
    settingsSchema: [],
    usageInstructions: `Skriv i enkel Markdown – eller klistra in text från en AI-assistent, som ofta svarar i Markdown –
och få ett Word-dokument med riktiga rubriker, listor och tabeller.

## Så gör du
1. Klistra in texten i rutan eller ladda upp en .md-/.txt-fil.
2. Skriv gärna en titel; kryssa i *innehållsförteckning* för längre dokument.
3. Tryck **KÖR** och ladda ned Word-filen.

## Det här får du
- En **.docx**-fil som öppnas i Word, Pages eller Google Dokument. Rubrikerna blir Words rubrikformat,
  så du kan byta utseende med ett klick.
- En förhandsvisning av texten.

## Exempel

\`\`\`
# Veckobrev vecka 12

Hej alla vårdnadshavare!

## Läxor
- Matematik: sidan 34–35
- Svenska: läs kapitel 3

| Dag | Aktivitet |
|---|---|
| Måndag | Idrott – ta med ombyte |
\`\`\``,
    sourceFile: "markdown-till-word/tool.py",
  },
  {
    slug: "html-till-pdf",
    title: "HTML till PDF",
    summary: "Gör en PDF av en HTML-sida, i A4 eller A5, stående eller liggande.",
    professions: ["gemensamt", "skoladministrator"],
    categories: ["ovrigt", "administration"],
    inputSchema: [
      {
        name: "htmlfil",
        label: "HTML-fil",
        kind: "file",
        accept: [".html", ".htm"],
        min: 0,
        max: 1,
        help: "En sparad webbsida eller en mall (.html). Du kan också klistra in koden nedan.",
      },
      { name: "html", label: "… eller klistra in HTML-kod", kind: "text", maxLength: 40_000 },
      {
        name: "sidstorlek",
        label: "Sidstorlek",
        kind: "enum",
        default: "A4",
        options: [
          { value: "A4", label: "A4" },
          { value: "A5", label: "A5 (halv A4)" },
        ],
      },
      {
        name: "orientering",
        label: "Orientering",
        kind: "enum",
        default: "staende",
        options: [
          { value: "staende", label: "Stående" },
          { value: "liggande", label: "Liggande" },
        ],
      },
      { name: "filnamn", label: "Filnamn (valfritt)", kind: "string", maxLength: 80, help: "T.ex. Inbjudan-utvecklingssamtal." },
    ],
    settingsSchema: [],
    usageInstructions: `Gör en utskriftsklar PDF av en HTML-sida – t.ex. en inbjudan, ett informationsblad eller en mall
som någon har gjort åt skolan.

## Så gör du
1. Ladda upp en .html-fil eller klistra in HTML-koden i rutan. Ett kort stycke som
   \`<h1>Välkommen</h1><p>…</p>\` räcker – verktyget lägger till resten.
2. Välj sidstorlek (A4 eller A5) och stående eller liggande.
3. Tryck **KÖR** och ladda ned PDF:en.

## Bra att veta
- Stilar som står i sidan (\`<style>\`) följer med. Bilder och typsnitt som hämtas från internet kan inte laddas
  och saknas i PDF:en.
- JavaScript körs inte.
- Sidstorleken du väljer här gäller, även om sidan själv anger en annan.`,
    sourceFile: "html-till-pdf/tool.py",
  },
  {
    slug: "betyg-och-franvaro",
    title: "Betyg och frånvaro – sammanställning",
    summary: "Sammanställer betyg och frånvaro per ämne med diagram och visar vilka elever som behöver uppmärksammas.",
    professions: ["rektor", "larare", "specialpedagog"],
    categories: ["mentorskap", "administration"],
    inputSchema: [
      {
        name: "betygsfil",
        label: "Betyg och frånvaro",
        kind: "file",
        accept: [".csv", ".xlsx"],
        min: 1,
        max: 1,
        required: true,
        help: "En rad per elev och ämne, med kolumnerna Elev, Ämne, Betyg och Frånvaro (%).",
      },
      {
        name: "franvarograns",
        label: "Gräns för hög frånvaro (%)",
        kind: "integer",
        min: 1,
        max: 100,
        default: 15,
        help: "Elever med mer frånvaro än så i ett ämne lyfts fram.",
      },
      { name: "rubrik", label: "Rubrik (valfri)", kind: "string", maxLength: 120, help: "T.ex. Åk 9 ht 2025." },
    ],
    settingsSchema: [],
    usageInstructions: `Inför betygskonferens, EHT-möte eller mentorssamtal: få en överblick över betyg och frånvaro per ämne.

## Så gör du
1. Exportera betyg och frånvaro från skolsystemet till Excel eller CSV, **en rad per elev och ämne**.
2. Välj gränsen för hög frånvaro (standard 15 %).
3. Tryck **KÖR**.

## Det här får du
- **Per ämne:** hur många A–F, andel F, snittpoäng (A = 20, B = 17,5 … E = 10, F = 0) och medelfrånvaro.
- Ett **diagram** över betygsfördelningen, både på skärmen och som bild (**betygsfordelning.png**) att lägga i en rapport.
- **Elever att uppmärksamma:** elever med F eller frånvaro över gränsen, med ämnena.
- **betyg-och-franvaro.xlsx** med flikarna Per ämne, Att uppmärksamma, Hög frånvaro och Underlag.

Frånvaron kan stå som \`12\`, \`12,5\`, \`12 %\` eller som andel (\`0,12\`). Betyg som *-* (streck) eller tomt räknas som
"inget betyg". Kolumnen för frånvaro kan saknas – då visas bara betygen.

Exempel:

| Elev | Ämne | Betyg | Frånvaro % |
|---|---|---|---|
| Anna Andersson | Matematik | C | 4 |
| Anna Andersson | Svenska | B | 2,5 |
| Åsa Öberg | Matematik | F | 22 |`,
    sourceFile: "betyg-och-franvaro/tool.py",
  },
  {
    slug: "slumpa-elev",
    title: "Slumpa elev",
    summary: "Drar en elev i taget ur klasslistan, utan att någon dras två gånger – perfekt för att fördela ordet.",
    professions: ["larare"],
    categories: ["lektionsplanering"],
    inputSchema: [CLASS_LIST_FILE, PASTED_NAMES],
    settingsSchema: [],
    usageInstructions: `Vem ska svara? Ladda upp klasslistan en gång och dra sedan en elev i taget med en knapptryckning.
Ingen dras två gånger förrän alla har varit med.

## Så gör du
1. Ladda upp klasslistan (eller klistra in namnen) och tryck **KÖR**.
2. Tryck på **Dra nästa elev**. Namnet visas stort – bra på projektorn.
3. Var eleven frånvarande? Kryssa i *Lägg tillbaka den senast dragna eleven* nästa gång du drar, så kommer eleven med igen senare.
4. När alla har dragits: tryck på **Börja om**.

Historiken (vilka som redan dragits) visas under namnet och sparas tills du börjar om.

${CLASS_LIST_HELP}`,
    sourceFile: "slumpa-elev/tool.py",
  },
  {
    slug: "narvarolista",
    title: "Närvarolista",
    summary: "Gör en utskrivbar närvarolista med datum och en Excel-fil där frånvaron räknas ihop automatiskt.",
    professions: ["larare", "skoladministrator"],
    categories: ["administration", "lektionsplanering"],
    inputSchema: [
      CLASS_LIST_FILE,
      PASTED_NAMES,
      { name: "rubrik", label: "Rubrik", kind: "string", maxLength: 120, help: "T.ex. Närvaro 7B – Matematik." },
      {
        name: "startdatum",
        label: "Första datum",
        kind: "string",
        maxLength: 20,
        help: "ÅÅÅÅ-MM-DD, t.ex. 2025-09-01. Tomt = måndag den här veckan.",
      },
      {
        name: "upprepning",
        label: "Tillfällen",
        kind: "enum",
        default: "vardagar",
        options: [
          { value: "vardagar", label: "Varje vardag (mån–fre)" },
          { value: "veckovis", label: "En gång i veckan (samma veckodag som första datum)" },
        ],
      },
      { name: "antal_tillfallen", label: "Antal tillfällen", kind: "integer", min: 1, max: 20, default: 5 },
    ],
    settingsSchema: [],
    usageInstructions: `Skriv ut en närvarolista till lektionen, utflykten eller vikarien – eller fyll i den i Excel.

## Så gör du
1. Ladda upp klasslistan (eller klistra in namnen).
2. Ange första datum och hur många tillfällen listan ska ha: varje vardag, eller en gång i veckan (t.ex. varje tisdag).
3. Tryck **KÖR**.

## Det här får du
- **narvarolista.pdf** – A4 liggande med en ruta per elev och datum, plus en kolumn för kommentarer.
  Fler än tio datum delas upp på flera sidor.
- **narvarolista.xlsx** – samma lista att fylla i på datorn. Välj N (närvarande), F (frånvarande),
  G (giltig frånvaro) eller S (sen) i rutorna; antalet F, G och S räknas ihop för varje elev.

Helgdagar och lov hoppas inte över.

${CLASS_LIST_HELP}`,
    sourceFile: "narvarolista/tool.py",
  },
  {
    slug: "sammanfoga-klasslistor",
    title: "Sammanfoga klasslistor",
    summary: "Slår ihop flera klasslistor till en enda lista, tar bort dubbletter och sorterar på klass och efternamn.",
    professions: ["skoladministrator", "rektor", "gemensamt"],
    categories: ["administration"],
    inputSchema: [
      {
        name: "klasslistor",
        label: "Klasslistor",
        kind: "file",
        accept: [".csv", ".xlsx", ".txt"],
        min: 2,
        max: 10,
        required: true,
        help: "2–10 filer (Excel eller CSV). Markera flera filer samtidigt i filväljaren.",
      },
      {
        name: "dubbletter",
        label: "Dubbletter",
        kind: "enum",
        default: "ta_bort",
        options: [
          { value: "ta_bort", label: "Ta bort dubbletter (uppgifter som saknas fylls i från dubbletten)" },
          { value: "markera", label: "Behåll alla rader och markera dubbletterna" },
        ],
      },
      {
        name: "sortering",
        label: "Sortering",
        kind: "enum",
        default: "klass",
        options: [
          { value: "klass", label: "Klass, sedan efternamn" },
          { value: "namn", label: "Efternamn" },
          { value: "ingen", label: "Som i filerna" },
        ],
      },
    ],
    settingsSchema: [],
    usageInstructions: `Har du en lista per klass men behöver en för hela årskursen, eller listor från olika system som ska bli en?

## Så gör du
1. Ladda upp 2–10 klasslistor (Excel eller CSV – de får gärna ha olika kolumner och olika format).
2. Välj vad som ska hända med dubbletter och hur listan ska sorteras.
3. Tryck **KÖR**.

## Det här gör verktyget
- Hittar namnkolumnen i varje fil (*Namn*, *Elev* eller *Förnamn* + *Efternamn*) och skriver alla namn som "Förnamn Efternamn".
- Kolumner med samma rubrik slås ihop (*Klass* och *Klassnamn* räknas som samma). Kolumner som bara finns i
  vissa filer behålls.
- En elev som finns i flera filer räknas som dubblett om personnumret är detsamma – eller namnet, om personnummer saknas.
- Kolumnen **Källa** visar vilken fil varje rad kom från.

## Det här får du
- **sammanfogad-klasslista.xlsx** med filter på rubrikraden.
- **sammanfogad-klasslista.csv** (semikolon, öppnas direkt i svenskt Excel).
- En tabell med dubbletterna så att du kan kontrollera dem.

Exempel – två filer med olika kolumner:

| Förnamn | Efternamn | Klass |
|---|---|---|
| Anna | Andersson | 7A |

| Elev | Klass | E-post |
|---|---|---|
| Bo Ek | 7B | bo@exempel.se |`,
    sourceFile: "sammanfoga-klasslistor/tool.py",
  },
];
