; Inno Setup script: the g60desk installer for Windows 10/11 x64 (per user, no administrator rights).
;
; Build on Windows (docs/installing.md):
;     py -3.11 installers\build.py                 -> dist\g60desk\  (g60desk.exe, g60desk-cli.exe, _internal\)
;     iscc installers\windows\g60desk.iss          -> dist\g60desk-<version>-win-x64-setup.exe
; Needs Inno Setup 6.3 or newer (x64compatible, UTF-8 scripts). Optional /D overrides:
;     iscc /DAppVersion=0.1.0 /DBundleDir=D:\out\g60desk installers\windows\g60desk.iss
;
; What the installer does
; * installs the whole one-folder bundle to {autopf}\g60desk: for the usual per-user install that is
;   %LOCALAPPDATA%\Programs\g60desk ({userpf}); no UAC prompt, no administrator needed. IT staff may deploy
;   for all users from an elevated prompt with /ALLUSERS (then C:\Program Files\g60desk, HKLM);
; * a Start menu shortcut, an optional desktop shortcut, the .g60 file type "g60desk 申报文件" opening with
;   "{app}\g60desk.exe" "%1" (in HKCU\Software\Classes for a per-user install);
; * uninstall removes the program folder, shortcuts and the file type, and nothing else: the user's data
;   folder %APPDATA%\g60desk (settings, logs, the sample copy) and the user's .g60 files are never touched.
; Silent install for IT staff:  g60desk-<version>-win-x64-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART
;   (add /MERGETASKS="!desktopicon" for no desktop shortcut, /MERGETASKS="!assoc" to leave .g60 alone).
;
; Language of the installer's own screens: Simplified Chinese when a ChineseSimplified.isl is found —
; beside this script first (installers\windows\ChineseSimplified.isl, if you put one there), then in Inno
; Setup's Languages\ folder (official from Inno Setup 6.5), then in Languages\Unofficial\ — otherwise English.
; The program itself is always Chinese. See docs/installing.md for where to get the file.

#define AppName "g60desk"
#define AppTitle "g60desk 绩效目标申报"
#define AppExe "g60desk.exe"
#define CliExe "g60desk-cli.exe"
#define FileExt ".g60"
#define FileProgId "g60desk.g60"
#define FileTypeName "g60desk 申报文件"

#ifndef BundleDir
  #define BundleDir AddBackslash(SourcePath) + "..\..\dist\g60desk"
#endif
#if !FileExists(AddBackslash(BundleDir) + AppExe)
  #error The bundle is missing: run "py -3.11 installers\build.py" first (no g60desk.exe in BundleDir)
#endif
#ifndef AppVersion
  ; the version resource installers\g60desk.spec writes into g60desk.exe (e.g. 0.1.0.0)
  #define AppVersion GetVersionNumbersString(AddBackslash(BundleDir) + AppExe)
#endif

[Setup]
; AppId identifies g60desk for upgrades and uninstall: never change it.
AppId={{55012F0D-0E7B-44AB-BE8D-8038850F0AAD}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppTitle} {#AppVersion}
AppPublisher=g60desk
; per-user install, no UAC prompt; /ALLUSERS on the command line (elevated) installs for all users
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=commandline
; {autopf} = {userpf} = %LOCALAPPDATA%\Programs in a per-user install
DefaultDirName={autopf}\{#AppName}
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
ChangesAssociations=yes
CloseApplications=yes
RestartApplications=no
SetupIconFile=..\g60desk.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppTitle}
WizardStyle=modern
ShowLanguageDialog=auto
Compression=lzma2/max
SolidCompression=yes
OutputDir=..\..\dist
OutputBaseFilename=g60desk-{#AppVersion}-win-x64-setup

[Languages]
#if FileExists(AddBackslash(SourcePath) + "ChineseSimplified.isl")
  #define HaveChinese
Name: "chinesesimplified"; MessagesFile: "ChineseSimplified.isl"
#elif FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
  #define HaveChinese
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#elif FileExists(AddBackslash(CompilerPath) + "Languages\Unofficial\ChineseSimplified.isl")
  #define HaveChinese
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\Unofficial\ChineseSimplified.isl"
#else
  #pragma message "ChineseSimplified.isl not found: the installer's screens will be in English (docs/installing.md)"
#endif
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
english.AssocTask=Open .g60 files (g60desk 申报文件) with g60desk
english.OtherTasks=Other:
#ifdef HaveChinese
chinesesimplified.AssocTask=用 g60desk 打开 .g60 申报文件(&G)
chinesesimplified.OtherTasks=其他：
#endif

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"
Name: "assoc"; Description: "{cm:AssocTask}"; GroupDescription: "{cm:OtherTasks}"

[Files]
; the whole one-folder bundle: g60desk.exe (window), g60desk-cli.exe (command line), _internal\ (Python, Qt, fonts)
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; an upgrade replaces the bundle's private folder whole, so no file of an older version is left behind
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppTitle}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{userdocs}"
Name: "{autodesktop}\{#AppTitle}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{userdocs}"; Tasks: desktopicon

[Registry]
; The .g60 file type. Root HKA = HKCU\Software\Classes in a per-user install (HKLM with /ALLUSERS).
Root: HKA; Subkey: "Software\Classes\{#FileExt}"; ValueType: string; ValueName: ""; ValueData: "{#FileProgId}"; Flags: uninsdeletevalue; Tasks: assoc
Root: HKA; Subkey: "Software\Classes\{#FileExt}\OpenWithProgids"; ValueType: string; ValueName: "{#FileProgId}"; ValueData: ""; Flags: uninsdeletevalue; Tasks: assoc
Root: HKA; Subkey: "Software\Classes\{#FileProgId}"; ValueType: string; ValueName: ""; ValueData: "{#FileTypeName}"; Flags: uninsdeletekey; Tasks: assoc
Root: HKA; Subkey: "Software\Classes\{#FileProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"; Tasks: assoc
Root: HKA; Subkey: "Software\Classes\{#FileProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""; Tasks: assoc
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}"; Flags: uninsdeletekeyifempty; Tasks: assoc
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: "{#FileExt}"; ValueData: ""; Flags: uninsdeletekey; Tasks: assoc

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppTitle}}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete] on purpose: the data folder %APPDATA%\g60desk and the user's documents stay.
