/** The emulator lives in src/devtools (the loadtest command uses it too); tests import it from here. */
export * from '../../src/devtools/discordEmulator.ts';
